import type { TCompany, TLead } from '../../shared/schemas';
import type { TDb } from '../db/client';
import { accounts } from '../db/schema';
import { accountUpdateQueries, type TAccountUpdate } from './account-updates';
import { insertsOf, type TStatement } from './batch-sql';
import { sentOnly } from './ingest-common';
import { accountsByDomain } from './ingest-reads';
import { rowAsInserted } from './insert-rows';
import type { TAccountRow } from './lead-record';
import { newRowId } from './row-ids';

// The accounts a chunk of leads belongs to, upserted by domain in the chunk's batch.

export interface TAccountWrites {
  /** Each domain's account as the batch leaves it. */
  byDomain: Map<string, TAccountRow>;
  queries: TStatement[];
}

/** Mail providers whose domain says nothing about the lead's company: no account for them. */
const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'yahoo.com', 'yahoo.fr', 'yahoo.co.uk',
  'icloud.com', 'me.com', 'aol.com', 'proton.me', 'protonmail.com', 'gmx.de', 'gmx.net', 'web.de', 'orange.fr', 'free.fr',
  'laposte.net', 'wanadoo.fr', 't-online.de', 'mail.ru', 'yandex.ru', 'zoho.com', 'fastmail.com',
]);

/** The account a lead belongs to: its company's domain, else its e-mail's unless that is free mail. */
export function accountDomain(lead: TLead): string | undefined {
  if (lead.company?.domain) return lead.company.domain;
  const domain = lead.email.slice(lead.email.lastIndexOf('@') + 1);
  return FREE_MAIL_DOMAINS.has(domain) ? undefined : domain;
}

/** Upserts the chunk's accounts by domain; several leads of one company add up, later fields winning. */
export async function accountQueries(db: TDb, chunk: readonly TLead[], nowIso: string): Promise<TAccountWrites> {
  const fieldsByDomain = new Map<string, Partial<typeof accounts.$inferInsert>>();
  for (const lead of chunk) {
    const domain = accountDomain(lead);
    if (!domain) continue;
    const company: TCompany = lead.company ?? {};
    const sent = sentOnly({
      name: company.name,
      employees: company.employees,
      industry: company.industry,
      country: company.country,
      techStack: company.techStack,
      targetAccount: lead.targetAccount,
      ownerEmail: company.ownerEmail,
    });
    fieldsByDomain.set(domain, { ...fieldsByDomain.get(domain), ...sent });
  }
  const domains = [...fieldsByDomain.keys()];
  const existing = new Map((domains.length ? await accountsByDomain(db, domains) : []).map((a) => [a.domain, a]));
  const written = new Map<string, TAccountRow>();
  const inserts: (typeof accounts.$inferInsert)[] = [];
  const updates: TAccountUpdate[] = [];
  for (const [domain, fields] of fieldsByDomain) {
    const stored = existing.get(domain);
    if (stored) {
      updates.push({ id: stored.id, fields });
      written.set(domain, { ...stored, ...fields, updatedAt: nowIso });
    } else {
      const row = { ...fields, id: newRowId(), domain, updatedAt: nowIso };
      inserts.push(row);
      // Its creation instant is the database's (an SQL default); nothing scores or routes by it.
      written.set(domain, rowAsInserted(accounts, { ...row, createdAt: nowIso }));
    }
  }
  return { byDomain: written, queries: [...insertsOf(accounts, inserts), ...accountUpdateQueries(updates, nowIso)] };
}

