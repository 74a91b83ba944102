import type { TApiError } from '../lib/types';

// The proposal being edited: a copy of the charter in force, changed one field at a time by
// its dotted path (setIn), and the server's refusal read back onto those paths.

export interface TFieldError {
  /** The charter field at fault, dotted, without the input's "charter." ("sla.tiers.high"). */
  path: string;
  message: string;
}

/** A refusal naming a field of the charter (INVALID_INPUT, field "charter.…"); null for any other failure. */
export function charterFieldError(error: TApiError): TFieldError | null {
  if (error.field === null || (error.field !== 'charter' && !error.field.startsWith('charter.'))) return null;
  const path = error.field.slice('charter.'.length);
  // The server says "charter.sla.tiers.high: Too small…": the field is said apart, in words.
  const prefix = `${error.field}: `;
  return { path, message: error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message };
}

/** True when the error is about this field or something inside it (a list's item). */
export function errorIsFor(error: TFieldError | null, path: string): boolean {
  return error !== null && (error.path === path || error.path.startsWith(`${path}.`));
}
