/** A command typed wrongly: the CLI says why in one line and exits with 2. */
export class UsageError extends Error {}
