import type { TDb } from '../db/client';
import { accounts, events, handovers, leads, users } from '../db/schema';
import { jsonRowOf, rowFromJson } from './json-rows';
import type { TAccountRow, TLeadRow } from './lead-record';
import { preparedOnce } from './prepared';
import { inListOf, listParam } from './sql-lists';

// The reads every ingest request makes before it writes, each one statement for a whole
// chunk, prepared once per database (see prepared.ts).

/** The leads of these e-mails, whole. */
export async function leadsByEmail(db: TDb, emails: readonly string[]): Promise<TLeadRow[]> {
  const query = preparedOnce(db, 'ingest.leadsByEmail', (d) =>
    d
      .select({ lead: jsonRowOf(leads) })
      .from(leads)
      .where(inListOf(leads.email, 'emails'))
      .prepare(),
  );
  return (await query.all({ emails: listParam(emails) })).map((row) => rowFromJson(leads, row.lead));
}

/** The id and owner of the leads of these e-mails. */
export async function leadIdsByEmail(db: TDb, emails: readonly string[]): Promise<{ id: string; email: string; ownerId: string | null }[]> {
  const query = preparedOnce(db, 'ingest.leadIdsByEmail', (d) =>
    d
      .select({ id: leads.id, email: leads.email, ownerId: leads.ownerId })
      .from(leads)
      .where(inListOf(leads.email, 'emails'))
      .prepare(),
  );
  return query.all({ emails: listParam(emails) });
}

/** Which of these event ids are stored already. */
export async function storedEventIds(db: TDb, ids: readonly string[]): Promise<Set<string>> {
  const query = preparedOnce(db, 'ingest.storedEventIds', (d) =>
    d
      .select({ id: events.id })
      .from(events)
      .where(inListOf(events.id, 'ids'))
      .prepare(),
  );
  return new Set((await query.all({ ids: listParam(ids) })).map((e) => e.id));
}

/** The users of these e-mails: who a payload names as owner. */
export async function usersByEmail(db: TDb, emails: readonly string[]) {
  const query = preparedOnce(db, 'ingest.usersByEmail', (d) =>
    d
      .select({ id: users.id, email: users.email, role: users.role })
      .from(users)
      .where(inListOf(users.email, 'emails'))
      .prepare(),
  );
  return query.all({ emails: listParam(emails) });
}

/** Every handover of these leads, open or closed, with what a change of owner needs. */
export async function handoversOfLeads(db: TDb, leadIds: readonly string[]) {
  const query = preparedOnce(db, 'ingest.handoversOfLeads', (d) =>
    d
      .select({
        id: handovers.id,
        leadId: handovers.leadId,
        ownerId: handovers.ownerId,
        state: handovers.state,
        deadline: handovers.deadline,
        escalatedAt: handovers.escalatedAt,
        createdAt: handovers.createdAt,
      })
      .from(handovers)
      .where(inListOf(handovers.leadId, 'leadIds'))
      .prepare(),
  );
  return query.all({ leadIds: listParam(leadIds) });
}

/** The accounts of these domains, whole. */
export async function accountsByDomain(db: TDb, domains: readonly string[]): Promise<TAccountRow[]> {
  const query = preparedOnce(db, 'ingest.accountsByDomain', (d) =>
    d
      .select({ account: jsonRowOf(accounts) })
      .from(accounts)
      .where(inListOf(accounts.domain, 'domains'))
      .prepare(),
  );
  return (await query.all({ domains: listParam(domains) })).map((row) => rowFromJson(accounts, row.account));
}
