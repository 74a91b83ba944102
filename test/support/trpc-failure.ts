/** What a tRPC call failed with. */
export interface TTrpcFailure {
  /** tRPC's code (BAD_REQUEST, FORBIDDEN, …) and its HTTP status. */
  code: string | undefined;
  status: number | undefined;
  /** The server's own code (INVALID_INPUT, RATE_LIMITED, …) and the input it names. */
  appCode: string | null;
  field: string | null;
  /** Every field at fault, when the input was checked as a whole (a charter); null otherwise. */
  problems: { field: string; message: string }[] | null;
  message: string;
}

/** What a tRPC call is refused with, or null when it is allowed (an access matrix reads both). */
export async function refusal(call: Promise<unknown>): Promise<TTrpcFailure | null> {
  try {
    await call;
    return null;
  } catch (error) {
    const e = error as { message: string; data?: { code?: string; httpStatus?: number; appCode?: string | null; field?: string | null; problems?: TTrpcFailure['problems'] } };
    return { code: e.data?.code, status: e.data?.httpStatus, appCode: e.data?.appCode ?? null, field: e.data?.field ?? null, problems: e.data?.problems ?? null, message: e.message };
  }
}

/** What a tRPC call fails with, for `toMatchObject`; a call that succeeds fails the test. */
export async function failure(call: Promise<unknown>): Promise<TTrpcFailure> {
  const refused = await refusal(call);
  if (!refused) throw new Error('expected the call to fail');
  return refused;
}
