// A charter (or any plain value) changed one field at a time by its dotted path, the rest
// shared: how the studio edits a draft and how a suggestion's edits are applied to one.

/** A copy of `value` with the field at `path` ("sla.tiers.high", "rejectionReasons.2.label") set; the rest shared. */
export function setIn<T>(value: T, path: string, next: unknown): T {
  const [head, ...rest] = path.split('.');
  if (head === undefined || head === '') return next as T;
  const child = rest.length === 0 ? next : setIn((value as Record<string, unknown>)[head], rest.join('.'), next);
  if (Array.isArray(value)) {
    const copy = [...value];
    copy[Number(head)] = child;
    return copy as T;
  }
  return { ...(value as object), [head]: child } as T;
}
