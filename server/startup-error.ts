// What stops the server or the CLI before it serves, said in words: a setting that is wrong,
// a database that cannot be reached or refuses the token. Printed as its message alone, never
// with a stack trace, and the process ends with exit code 1.

export class StartupError extends Error {
  override name = 'StartupError';
}
