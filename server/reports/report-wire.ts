import { AppError, type TAppErrorCode, type TProblem } from '../errors';
import { appErrorOf, describeForLog } from '../http/failures';
import type { TReportName } from './reports';

// What crosses between the request thread and a worker thread (reports, a re-score's
// scoring). Errors cross as data: a domain refusal, a busy or an unreachable database keep
// their code, message and field; anything else is an internal error described as the log
// describes it (never SQL or parameters).

export interface TReportRun {
  kind: 'run';
  id: number;
  name: TReportName;
  args: unknown[];
}

export type TReportMessage = TReportRun | { kind: 'cancel'; id: number };

export type TWireError = { kind: 'app'; code: TAppErrorCode; message: string; field?: string; problems?: readonly TProblem[] } | { kind: 'internal'; description: string };

export type TReportReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: TWireError };

export function errorToWire(thrown: unknown): TWireError {
  const app = appErrorOf(thrown);
  return app ? { kind: 'app', code: app.code, message: app.message, field: app.field, problems: app.problems } : { kind: 'internal', description: describeForLog(thrown) };
}

/** The error a worker sent, as thrown on this side; `what` names the worker's task in an internal one's message. */
export function errorFromWire(error: TWireError, what = 'a report'): Error {
  return error.kind === 'app' ? new AppError(error.code, error.message, error.field, error.problems) : new Error(`${what} failed in its worker: ${error.description}`);
}
