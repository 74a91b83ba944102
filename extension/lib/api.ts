import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '../../server/routers';
import type { TApiError } from './protocol';

export type TApi = ReturnType<typeof createApi>;

export function createApi(serverUrl: string, token: string) {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${serverUrl.replace(/\/+$/, '')}/trpc`, headers: () => ({ authorization: `Bearer ${token}` }) })],
  });
}

/** A failure the extension itself decides (not signed in, no lead on the page). */
export class ExtensionError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

/** Any failure as words for the rep, with the code the UI branches on. */
export function toApiError(error: unknown): TApiError {
  if (error instanceof ExtensionError) return { code: error.code, message: error.message, field: error.field };
  if (error instanceof TRPCClientError) {
    const data = error.data as { code?: string; field?: string | null } | undefined;
    if (data?.code) return { code: data.code, message: error.message, field: data.field ?? null };
    // No tRPC answer at all: the server is unreachable (or not a Handshake server).
    return { code: 'OFFLINE', message: 'The Handshake server cannot be reached.', field: null };
  }
  return { code: 'OFFLINE', message: error instanceof Error ? error.message : String(error), field: null };
}
