import type { ZodError } from 'zod';

// A 400 names the field at fault. For a union (`{email}` or `{crm, recordId}`) zod only
// says "Invalid input" at the top: the member the caller most likely meant is found from
// its own issues, and the field is named from those.

type TIssue = ZodError['issues'][number];

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (!value || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * The member the input was meant for: the one whose issues ask for the fewest fields the
 * input leaves out (its keys are there, their values are wrong), then the one with the
 * fewest issues; on a tie, the later member, which in our unions is the one with more keys
 * (a shortcut such as `{email}` comes first).
 */
function likeliestMember(members: readonly (readonly TIssue[])[], input: unknown, base: readonly PropertyKey[]): readonly TIssue[] | undefined {
  let best: { issues: readonly TIssue[]; missing: number } | undefined;
  for (const issues of members) {
    if (issues.length === 0) continue;
    const missing = issues.filter((issue) => valueAt(input, [...base, ...issue.path]) === undefined).length;
    if (!best || missing < best.missing || (missing === best.missing && issues.length <= best.issues.length)) best = { issues, missing };
  }
  return best?.issues;
}

/** The issue to report: the first, or inside a union, the first of the likeliest member. */
function issueToReport(issues: readonly TIssue[], input: unknown, base: readonly PropertyKey[] = []): { issue: TIssue; path: PropertyKey[] } | undefined {
  const issue = issues[0];
  if (!issue) return undefined;
  const path = [...base, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const member = likeliestMember(issue.errors, input, path);
    const inner = member && issueToReport(member, input, path);
    if (inner) return inner;
  }
  return { issue, path };
}

/** The field (dotted path; `input` for the whole of it) and a message that starts with it. */
export function inputIssue(error: ZodError, input: unknown): { field: string; message: string } {
  const found = issueToReport(error.issues, input);
  const field = found?.path.map(String).join('.') || 'input';
  return { field, message: `${field}: ${found?.issue.message ?? 'invalid'}` };
}
