import { AsyncLocalStorage } from 'node:async_hooks';

// The signal of the request being served, reachable from the database client without
// threading it through every domain function: when a request runs past its time limit
// (or its caller hangs up), its next statement is refused and its pending database
// calls are cancelled, so it stops holding the connection the other requests share.

const scope = new AsyncLocalStorage<AbortSignal>();

export function runInRequest<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  return scope.run(signal, work);
}

/** The current request's signal, or undefined outside a request (start-up, sweeper, CLI). */
export function requestSignal(): AbortSignal | undefined {
  return scope.getStore();
}

/** Throws the reason the current request was stopped, if it was. */
export function throwIfRequestStopped(): void {
  requestSignal()?.throwIfAborted();
}

/** Runs `work` outside any request: what it does for several requests at once is not stopped with the one that started it. */
export function runOutsideRequest<T>(work: () => Promise<T>): Promise<T> {
  return scope.exit(work);
}
