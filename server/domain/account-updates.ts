import type { InStatement } from '@libsql/client';
import { accounts } from '../db/schema';

// What an ingest writes on the accounts that exist already, set-based: one UPDATE … FROM a
// JSON list of the chunk's accounts, whatever fields each payload sent and however many
// accounts, where one UPDATE per account cost a statement each (and a VALUES list bound
// value by value cost more to build than to run).

type TAccountFields = Partial<Pick<typeof accounts.$inferInsert, 'name' | 'employees' | 'industry' | 'country' | 'techStack' | 'targetAccount' | 'ownerEmail'>>;

export interface TAccountUpdate {
  id: string;
  /** The fields sent: each replaces the stored one; those left out (undefined) are kept. */
  fields: TAccountFields;
}

const FIELDS = ['name', 'employees', 'industry', 'country', 'techStack', 'targetAccount', 'ownerEmail'] as const satisfies readonly (keyof TAccountFields)[];

const column = (key: keyof typeof accounts.$inferSelect) => `"${accounts[key].name}"`;

// Sent fields are never null (the payload schema has no nulls), so null in the list means "not sent".
const UPDATE_SQL = `with v as (select value ->> 0 as id, ${FIELDS.map((_, i) => `value ->> ${i + 1} as f${i}`).join(', ')} from json_each(?1))
  update "accounts" set ${FIELDS.map((key, i) => `${column(key)} = coalesce(v.f${i}, "accounts".${column(key)})`).join(', ')}, ${column('updatedAt')} = ?2
  from v where "accounts".${column('id')} = v.id`;

/** The value a column stores for `value`, as an UPDATE of that column would bind it; null when not sent. */
function stored<K extends keyof TAccountFields>(key: K, value: TAccountFields[K]): unknown {
  return value === undefined ? null : accounts[key].mapToDriverValue(value);
}

/** The statement that writes `updates` (one per account at most) and moves their `updated_at` to `nowIso`; none when there are none. */
export function accountUpdateQueries(updates: readonly TAccountUpdate[], nowIso: string): InStatement[] {
  if (updates.length === 0) return [];
  const rows = updates.map(({ id, fields }) => [id, ...FIELDS.map((key) => stored(key, fields[key]))]);
  return [{ sql: UPDATE_SQL, args: [JSON.stringify(rows), nowIso] }];
}
