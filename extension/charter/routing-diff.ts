import { displayLine } from '../../shared/display-text';
import type { TRouting, TRoutingMatch, TRoutingPool, TRoutingRule } from '../../shared/routing';
import { DEFAULT_ROUTING } from '../../shared/routing-view';
import { formatLevel } from '../ui/format';
import type { TCharterChange } from './charter-diff';
import { fieldLabel } from './labels';
import { ROUTING_ROOT } from './routing-draft';
import { same } from './same-json';

// The routing section's changes in words: "Routing rule “EMEA enterprise” added as rule 1:
// countries FR, DE; to the team of mo@acme.example", "Routing, the CRM owner wins: always →
// only when available", "Routing rules reordered: …". Rules are matched by name; a rule
// whose name changed in place was renamed, not replaced.

const quoted = (text: string) => `“${displayLine(text)}”`;

const CRM_OWNER_WORDS: Record<TRouting['crmOwner'], string> = { always: 'always', when_available: 'only when available', never: 'never' };

export function crmOwnerWords(value: TRouting['crmOwner']): string {
  return CRM_OWNER_WORDS[value];
}

/** "every rep", "the team of mo@acme.example", "reps ana@acme.example, ben@acme.example". */
export function describePool(pool: TRoutingPool): string {
  switch (pool.kind) {
    case 'reps':
      return pool.emails.length > 0 ? `reps ${pool.emails.map(displayLine).join(', ')}` : 'reps (none named)';
    case 'team':
      return pool.managerEmail ? `the team of ${displayLine(pool.managerEmail)}` : 'a team (no manager named)';
    case 'territory':
      return 'the reps whose territory has the lead’s country';
    case 'everyone':
      return 'every rep';
  }
}

type TCondition = keyof TRoutingMatch;

/** The conditions in the form's order, with how a change names each. */
const CONDITIONS: readonly [TCondition, string][] = [
  ['sources', 'sources'],
  ['campaigns', 'campaigns'],
  ['countries', 'countries'],
  ['industries', 'industries'],
  ['employees', 'employees'],
  ['targetAccount', 'target account'],
  ['stages', 'stages'],
  ['intents', 'intent'],
];

/** A condition's value in words; a condition left out is "any". */
export function describeCondition(key: TCondition, when: TRoutingMatch): string {
  switch (key) {
    case 'employees': {
      const band = when.employees;
      if (!band || (band.min === undefined && band.max === undefined)) return 'any';
      if (band.min !== undefined && band.max !== undefined) return `${band.min}–${band.max}`;
      return band.min !== undefined ? `${band.min} or more` : `up to ${band.max}`;
    }
    case 'targetAccount':
      return when.targetAccount === undefined ? 'any' : when.targetAccount ? 'yes' : 'no';
    case 'stages':
      return when.stages ? when.stages.map((s) => s.toUpperCase()).join(', ') : 'any';
    case 'intents':
      return when.intents ? when.intents.map(formatLevel).join(', ') : 'any';
    default: {
      const list = when[key];
      return list ? list.map(displayLine).join(', ') : 'any';
    }
  }
}

/** "countries FR, DE; employees 1000 or more", or "any lead". */
export function describeWhen(when: TRoutingMatch): string {
  const set = CONDITIONS.filter(([key]) => when[key] !== undefined).map(([key, words]) => `${words} ${describeCondition(key, when)}`);
  return set.length > 0 ? set.join('; ') : 'any lead';
}

function listDelta(before: readonly string[], after: readonly string[]): string {
  const added = after.filter((item) => !before.includes(item)).map(displayLine);
  const removed = before.filter((item) => !after.includes(item)).map(displayLine);
  const parts = [added.length > 0 && `added ${added.join(', ')}`, removed.length > 0 && `removed ${removed.join(', ')}`].filter(Boolean);
  return parts.length > 0 ? parts.join('; ') : 'reordered';
}

function ruleFieldChanges(before: TRoutingRule, after: TRoutingRule): string[] {
  const rule = `Routing rule ${quoted(after.name)}`;
  const lines: string[] = [];
  for (const [key, words] of CONDITIONS) {
    const old = before.when[key];
    const now = after.when[key];
    if (same(old, now)) continue;
    const bothLists = Array.isArray(old) && Array.isArray(now) && key !== 'stages' && key !== 'intents';
    lines.push(`${rule}, ${words}: ${bothLists ? listDelta(old as string[], now as string[]) : `${describeCondition(key, before.when)} → ${describeCondition(key, after.when)}`}`);
  }
  if (!same(before.pool, after.pool)) {
    const [old, now] = [before.pool, after.pool];
    lines.push(`${rule}, pool: ${old.kind === 'reps' && now.kind === 'reps' ? `reps ${listDelta(old.emails, now.emails)}` : `${describePool(old)} → ${describePool(now)}`}`);
  }
  return lines;
}

/** Which rule of `after` each rule of `before` became: the same name, else the same place when both names are gone. */
function matchRules(before: readonly TRoutingRule[], after: readonly TRoutingRule[]): Map<number, number> {
  const pairs = new Map<number, number>();
  const afterByName = new Map(after.map((rule, i) => [rule.name, i]));
  before.forEach((rule, i) => {
    const j = afterByName.get(rule.name);
    if (j !== undefined) pairs.set(i, j);
  });
  const takenAfter = new Set(pairs.values());
  before.forEach((_, i) => {
    if (!pairs.has(i) && i < after.length && !takenAfter.has(i)) {
      pairs.set(i, i);
      takenAfter.add(i);
    }
  });
  return pairs;
}

export function ruleChanges(before: readonly TRoutingRule[], after: readonly TRoutingRule[]): string[] {
  const lines: string[] = [];
  const pairs = matchRules(before, after);
  const matchedAfter = new Set(pairs.values());
  for (const [i, j] of pairs) {
    const old = before[i]!;
    const now = after[j]!;
    if (old.name !== now.name) lines.push(`Routing rule ${quoted(old.name)} renamed ${quoted(now.name)}`);
    lines.push(...ruleFieldChanges(old, now));
  }
  after.forEach((rule, j) => {
    if (!matchedAfter.has(j)) lines.push(`Routing rule ${quoted(rule.name)} added as rule ${j + 1}: ${describeWhen(rule.when)}; to ${describePool(rule.pool)}`);
  });
  before.forEach((rule, i) => {
    if (!pairs.has(i)) lines.push(`Routing rule ${quoted(rule.name)} removed`);
  });
  // The first rule a lead meets routes it: the order of the rules kept is a change of its own.
  const keptInOrder = [...pairs.values()].sort((a, b) => a - b);
  const keptBefore = [...pairs.entries()].sort(([a], [b]) => a - b).map(([, j]) => j);
  if (!same(keptInOrder, keptBefore)) lines.push(`Routing rules reordered: ${after.map((rule) => quoted(rule.name)).join(', ')}`);
  return lines;
}

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

/** Every change to the routing section, in the form's order. */
export function routingChanges(before: unknown, after: unknown): TCharterChange[] {
  const old = { ...DEFAULT_ROUTING, ...(before as Partial<TRouting> | undefined) };
  const now = { ...DEFAULT_ROUTING, ...(after as Partial<TRouting> | undefined) };
  const out: TCharterChange[] = [];
  const line = (key: keyof TRouting, from: string, to: string) => out.push({ path: `${ROUTING_ROOT}.${key}`, text: `${fieldLabel(`${ROUTING_ROOT}.${key}`)}: ${from} → ${to}` });
  if (old.crmOwner !== now.crmOwner) line('crmOwner', crmOwnerWords(old.crmOwner), crmOwnerWords(now.crmOwner));
  if (old.accountOwner !== now.accountOwner) line('accountOwner', yesNo(old.accountOwner), yesNo(now.accountOwner));
  if (!Object.is(old.accountOwnerDays, now.accountOwnerDays)) line('accountOwnerDays', String(old.accountOwnerDays), Number.isNaN(now.accountOwnerDays) ? '(empty)' : String(now.accountOwnerDays));
  if (old.highTierWorkingNow !== now.highTierWorkingNow) line('highTierWorkingNow', yesNo(old.highTierWorkingNow), yesNo(now.highTierWorkingNow));
  for (const text of ruleChanges(old.rules, now.rules)) out.push({ path: `${ROUTING_ROOT}.rules`, text });
  if (!same(old.fallback, now.fallback)) line('fallback', describePool(old.fallback), describePool(now.fallback));
  return out;
}
