/**
 * Resolves once the I/O callbacks waiting now have run: the server has one thread, and an
 * embedded database answers each statement synchronously, so long work takes turns with the
 * requests that arrive while it runs only where it awaits this.
 */
export function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
