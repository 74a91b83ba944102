import type { TApiError } from '../lib/types';

// The proposal being edited: a copy of the charter in force, changed one field at a time by
// its dotted path (setIn), and the server's refusal read back onto those paths.

export interface TFieldError {
  /** The charter field at fault, dotted, without the input's "charter." ("sla.tiers.high"). */
  path: string;
  message: string;
}

const isCharterField = (field: string) => field === 'charter' || field.startsWith('charter.');
const pathOf = (field: string) => field.slice('charter.'.length);

/** A refusal naming a field of the charter (INVALID_INPUT, field "charter.…"): its first field; null for any other failure. */
export function charterFieldError(error: TApiError): TFieldError | null {
  if (error.field === null || !isCharterField(error.field)) return null;
  // The server says "charter.sla.tiers.high: Too small… (and 2 more)": the field is said apart, in words.
  const first = error.problems?.find((p) => p.field === error.field);
  if (first) return { path: pathOf(first.field), message: first.message };
  const prefix = `${error.field}: `;
  return { path: pathOf(error.field), message: error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message };
}

/** Every field of the charter a refusal names (the server checks a charter as a whole); empty for any other failure. */
export function charterFieldErrors(error: TApiError): TFieldError[] {
  const problems = (error.problems ?? []).filter((p) => isCharterField(p.field)).map((p) => ({ path: pathOf(p.field), message: p.message }));
  if (problems.length > 0) return problems;
  const one = charterFieldError(error);
  return one ? [one] : [];
}

/** The error about this field or something inside it (a list's item), if any. */
export function errorFor(errors: readonly TFieldError[], path: string): TFieldError | undefined {
  return errors.find((error) => error.path === path || error.path.startsWith(`${path}.`));
}
