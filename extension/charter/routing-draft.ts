import type { TFieldError } from './draft';
import type { TRouting, TRoutingMatch, TRoutingPool, TRoutingRule } from '../../shared/routing';

// The routing section of the draft, edited in forms: a rule's conditions typed as text
// (a condition left empty matches any lead, so it leaves the charter rather than being
// an empty list), its pool chosen by kind, the rules added, removed and moved.

export const ROUTING_ROOT = 'handover.routing';
export const rulePath = (index: number) => `${ROUTING_ROOT}.rules.${index}`;

export const POOL_KINDS = ['reps', 'team', 'territory', 'everyone'] as const satisfies readonly TRoutingPool['kind'][];
export const CRM_OWNER_CHOICES = ['always', 'when_available', 'never'] as const satisfies readonly TRouting['crmOwner'][];
export const ROUTING_STAGES = ['mql', 'sql'] as const;

/** "Acme, Beta ,, gamma" → ["Acme", "Beta", "gamma"]: comma-separated text, blanks dropped. */
export function parseCommaList(text: string, normalise: (item: string) => string = (item) => item): string[] {
  return text
    .split(',')
    .map((item) => normalise(item.trim()))
    .filter((item) => item !== '');
}

/** Whether the text, read as a list, already says `value`: the field keeps what was typed until the list changes otherwise. */
export function textSaysList(text: string, value: readonly string[], normalise?: (item: string) => string): boolean {
  const typed = parseCommaList(text, normalise);
  return typed.length === value.length && typed.every((item, i) => item === value[i]);
}

/** Country codes are upper case in the charter; "fr, de" is read as FR, DE. */
export const upperCase = (item: string) => item.toUpperCase();

type TCondition = keyof TRoutingMatch;

/** `when` with the condition set, or left out (any lead) when `value` is undefined or an empty list. */
export function withCondition<K extends TCondition>(when: TRoutingMatch, key: K, value: TRoutingMatch[K] | undefined): TRoutingMatch {
  const next: TRoutingMatch = { ...when };
  if (value === undefined || (Array.isArray(value) && value.length === 0)) delete next[key];
  else next[key] = value;
  return next;
}

/** The employees band with one bound typed (undefined: an empty input); no bound at all leaves the condition out. */
export function withEmployeeBound(when: TRoutingMatch, bound: 'min' | 'max', value: number | undefined): TRoutingMatch {
  const band: { min?: number; max?: number } = { ...when.employees };
  if (value === undefined) delete band[bound];
  else band[bound] = value;
  return withCondition(when, 'employees', band.min === undefined && band.max === undefined ? undefined : band);
}

export type TTargetAccountChoice = 'any' | 'yes' | 'no';

export const targetAccountChoice = (value: boolean | undefined): TTargetAccountChoice => (value === undefined ? 'any' : value ? 'yes' : 'no');
export const targetAccountValue = (choice: TTargetAccountChoice): boolean | undefined => (choice === 'any' ? undefined : choice === 'yes');

/** What was last typed for a pool of reps and for a team, kept while another kind is chosen. */
export interface TPoolMemory {
  emails: readonly string[];
  managerEmail: string;
}

/** The pool of another kind, with the e-mails or the manager last typed for that kind. */
export function poolOfKind(kind: TRoutingPool['kind'], previous: TRoutingPool, memory: TPoolMemory): TRoutingPool {
  if (kind === previous.kind) return previous;
  switch (kind) {
    case 'reps':
      return { kind, emails: [...memory.emails] };
    case 'team':
      return { kind, managerEmail: memory.managerEmail };
    case 'territory':
    case 'everyone':
      return { kind };
  }
}

/** The memory with what the pool holds now. */
export function rememberPool(memory: TPoolMemory, pool: TRoutingPool): TPoolMemory {
  if (pool.kind === 'reps') return { ...memory, emails: pool.emails };
  if (pool.kind === 'team') return { ...memory, managerEmail: pool.managerEmail };
  return memory;
}

/** A new rule at the end: any lead, to every rep, named so that no other rule has its name. */
export function newRule(rules: readonly TRoutingRule[]): TRoutingRule {
  const taken = new Set(rules.map((rule) => rule.name.trim().toLowerCase()));
  let n = rules.length + 1;
  while (taken.has(`new rule ${n}`)) n += 1;
  return { name: `New rule ${n}`, when: {}, pool: { kind: 'everyone' } };
}

/** The list with the item at `index` moved one place up (-1) or down (+1); unchanged at either end. */
export function moveItem<T>(items: readonly T[], index: number, by: -1 | 1): T[] {
  const to = index + by;
  if (index < 0 || index >= items.length || to < 0 || to >= items.length) return [...items];
  const copy = [...items];
  [copy[index], copy[to]] = [copy[to]!, copy[index]!];
  return copy;
}

export const removeItem = <T>(items: readonly T[], index: number): T[] => items.filter((_, i) => i !== index);

/**
 * The server's refusal of an item of the list at `listPath` once the items moved: it follows
 * its item to the index `newIndex` gives (null: the item was removed, and its refusal with it).
 */
/** Every error moved with its item; those of a removed item dropped. */
export function reindexErrors(errors: readonly TFieldError[], listPath: string, newIndex: (index: number) => number | null): TFieldError[] {
  return errors.map((error) => reindexError(error, listPath, newIndex)).filter((error): error is TFieldError => error !== null);
}

export function reindexError(error: TFieldError | null, listPath: string, newIndex: (index: number) => number | null): TFieldError | null {
  if (error === null || !error.path.startsWith(`${listPath}.`)) return error;
  const [head, ...rest] = error.path.slice(listPath.length + 1).split('.');
  if (head === undefined || !/^\d+$/.test(head)) return error;
  const index = newIndex(Number(head));
  return index === null ? null : { ...error, path: [listPath, String(index), ...rest].join('.') };
}

/** Where the item at `index` is after `moveItem(items, from, by)`. */
export const indexAfterMove = (from: number, by: -1 | 1, length: number) => (index: number) => {
  const to = from + by;
  if (to < 0 || to >= length) return index;
  return index === from ? to : index === to ? from : index;
};

/** Where the item at `index` is after `removeItem(items, removed)`; null for the removed one. */
export const indexAfterRemove = (removed: number) => (index: number) => (index === removed ? null : index > removed ? index - 1 : index);
