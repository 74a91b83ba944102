import { displayLine } from '../../shared/display-text';
import { formatBusinessDuration, formatLevel } from '../ui/format';
import { fieldLabel } from './labels';
import { routingChanges } from './routing-diff';
import { isObject, same } from './same-json';

// The proposal against the charter in force, field by field, in words: "SLA, high intent:
// 4 h → 30 min", "ICP, countries: added PT; removed NZ", "Rejection reasons: renamed “No
// budget” → “No budget this year”". Pure: the page and its tests read the same lines.

export interface TCharterChange {
  /** The field's dotted place in the charter ("sla.tiers.high"). */
  path: string;
  text: string;
}

type TJson = unknown;

interface TReason {
  id: string;
  label: string;
  criterion: string | null;
  noteRequired: boolean;
  returnsToNurture: boolean;
}

const quoted = (text: string) => `“${displayLine(text)}”`;

/** A value as the change says it, by what the field holds. */
function formatValue(path: string, value: TJson): string {
  if (value === undefined) return '(not set)';
  if (value === null) return 'none';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '(empty)';
    if (path.startsWith('sla.tiers.')) return formatBusinessDuration(value * 3_600_000);
    if (path === 'sla.warnAtFraction') return `${Math.round(value * 1000) / 10}% of the time`;
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return path === 'name' ? quoted(value) : formatLevel(value);
  return displayLine(JSON.stringify(value));
}

/** A list's change in words: the items added and removed (`text` says an item), or "reordered". */
function listChange(label: string, before: readonly TJson[], after: readonly TJson[], text: (item: TJson) => string): string {
  const added = after.filter((item) => !before.some((b) => same(b, item))).map(text);
  const removed = before.filter((item) => !after.some((a) => same(a, item))).map(text);
  const parts = [added.length > 0 && `added ${added.join(', ')}`, removed.length > 0 && `removed ${removed.join(', ')}`].filter(Boolean);
  return `${label}: ${parts.length > 0 ? parts.join('; ') : 'reordered'}`;
}

const itemText = (item: TJson) => (typeof item === 'string' ? displayLine(item) : displayLine(JSON.stringify(item)));

const REASON_FIELDS: readonly [keyof TReason, string][] = [
  ['criterion', 'criterion'],
  ['noteRequired', 'note required'],
  ['returnsToNurture', 'returns to nurture'],
];

/** Rejection reasons are matched by id: a reason whose label changed was renamed, not replaced. */
function reasonChanges(before: readonly TReason[], after: readonly TReason[]): string[] {
  const lines: string[] = [];
  const byId = new Map(before.map((r) => [r.id, r]));
  const afterIds = new Set(after.map((r) => r.id));
  for (const reason of after) {
    const old = byId.get(reason.id);
    if (!old) {
      lines.push(`Rejection reasons: added ${quoted(reason.label)}`);
      continue;
    }
    if (old.label !== reason.label) lines.push(`Rejection reasons: renamed ${quoted(old.label)} → ${quoted(reason.label)}`);
    for (const [key, words] of REASON_FIELDS) {
      if (old[key] !== reason[key]) lines.push(`Rejection reason ${quoted(reason.label)}, ${words}: ${formatValue(key, old[key])} → ${formatValue(key, reason[key])}`);
    }
  }
  for (const reason of before) if (!afterIds.has(reason.id)) lines.push(`Rejection reasons: removed ${quoted(reason.label)}`);
  const kept = after.filter((r) => byId.has(r.id)).map((r) => r.id);
  const keptBefore = before.filter((r) => afterIds.has(r.id)).map((r) => r.id);
  if (lines.length === 0 && !same(kept, keptBefore)) lines.push('Rejection reasons: reordered');
  return lines;
}

interface TOverride {
  pattern: string;
  level: string;
}

/** A title override in words: “\bit\b” as influencer. */
const overrideText = (item: TJson) => {
  const override = item as TOverride;
  return `${quoted(override.pattern)} as ${formatLevel(override.level)}`;
};

function walk(path: string, before: TJson, after: TJson, out: TCharterChange[]): void {
  if (same(before, after)) return;
  if (path === 'authority.overrides' && Array.isArray(before) && Array.isArray(after)) {
    out.push({ path, text: listChange('Title overrides', before, after, overrideText) });
    return;
  }
  if (path === 'rejectionReasons' && Array.isArray(before) && Array.isArray(after)) {
    for (const text of reasonChanges(before as TReason[], after as TReason[])) out.push({ path, text });
    return;
  }
  if (path === 'handover.routing') {
    out.push(...routingChanges(before, after));
    return;
  }
  const primitiveList = (v: TJson) => Array.isArray(v) && v.every((item) => !isObject(item) && !Array.isArray(item));
  if (primitiveList(before) && primitiveList(after)) {
    out.push({ path, text: listChange(fieldLabel(path), before as TJson[], after as TJson[], itemText) });
    return;
  }
  if (isObject(before) && isObject(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) walk(path ? `${path}.${key}` : key, before[key], after[key], out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    for (let i = 0; i < Math.max(before.length, after.length); i += 1) walk(`${path}.${i}`, before[i], after[i], out);
    return;
  }
  out.push({ path, text: `${fieldLabel(path)}: ${formatValue(path, before)} → ${formatValue(path, after)}` });
}

/** Every change from `active` to `draft`, in the charter's order; the version number is not a change. */
export function charterChanges(active: object, draft: object): TCharterChange[] {
  const out: TCharterChange[] = [];
  const withoutVersion = (charter: object) => Object.fromEntries(Object.entries(charter).filter(([key]) => key !== 'version'));
  walk('', withoutVersion(active), withoutVersion(draft), out);
  return out;
}
