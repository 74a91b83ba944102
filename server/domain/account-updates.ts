import { sql, type SQL } from 'drizzle-orm';
import type { TDb } from '../db/client';
import { accounts } from '../db/schema';
import { chunks, ROWS_PER_STATEMENT, type TQuery } from './batch-sql';

// What an ingest writes on the accounts that exist already, set-based: one multi-row
// UPDATE … FROM (VALUES …) for a chunk's accounts, whatever fields each payload sent, where
// one UPDATE per account cost a statement each.

type TAccountFields = Partial<Pick<typeof accounts.$inferInsert, 'name' | 'employees' | 'industry' | 'country' | 'techStack' | 'targetAccount' | 'ownerEmail'>>;

export interface TAccountUpdate {
  id: string;
  /** The fields sent: each replaces the stored one; those left out (undefined) are kept. */
  fields: TAccountFields;
}

/** The value a column stores for `value`, as an UPDATE of that column would bind it; null when not sent. */
function sent<K extends keyof TAccountFields>(key: K, value: TAccountFields[K]): SQL {
  return value === undefined ? sql`null` : sql`${accounts[key].mapToDriverValue(value)}`;
}

/** One UPDATE for up to `ROWS_PER_STATEMENT` accounts; a field not sent is null in VALUES, and kept. */
function rewriteAccounts(db: TDb, rows: readonly TAccountUpdate[], nowIso: string): TQuery {
  const values = sql.join(
    rows.map(
      ({ id, fields: f }) =>
        sql`(${id}, ${sent('name', f.name)}, ${sent('employees', f.employees)}, ${sent('industry', f.industry)}, ${sent('country', f.country)}, ${sent('techStack', f.techStack)}, ${sent('targetAccount', f.targetAccount)}, ${sent('ownerEmail', f.ownerEmail)})`,
    ),
    sql`, `,
  );
  // Sent fields are never null (the payload schema has no nulls), so null in VALUES means "not sent".
  const keep = (key: keyof TAccountFields, from: string) => sql`${sql.identifier(accounts[key].name)} = coalesce(v.${sql.raw(from)}, ${accounts[key]})`;
  return db.run(sql`with v(id, name, employees, industry, country, tech_stack, target_account, owner_email) as (values ${values})
    update ${accounts} set
      ${keep('name', 'name')}, ${keep('employees', 'employees')}, ${keep('industry', 'industry')}, ${keep('country', 'country')},
      ${keep('techStack', 'tech_stack')}, ${keep('targetAccount', 'target_account')}, ${keep('ownerEmail', 'owner_email')}, ${sql.identifier(accounts.updatedAt.name)} = ${nowIso}
    from v where ${accounts.id} = v.id`);
}

/** The statements that write `updates` (one per account at most) and move their `updated_at` to `nowIso`. */
export function accountUpdateQueries(db: TDb, updates: readonly TAccountUpdate[], nowIso: string): TQuery[] {
  return chunks(updates, ROWS_PER_STATEMENT).map((part) => rewriteAccounts(db, part, nowIso));
}
