import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '../../server/db/client';
import { decisionGroupReads } from '../../server/domain/decision-group';
import { packetStatement, type TLeadKey } from '../../server/domain/packet-read';

// packet.get's one statement searches an index for every table it reads, whatever their
// sizes: SQLite's plan on the migrated schema, for each way a lead is found.

describe("the packet statement's plan", () => {
  let dir: string;
  let database: Database;
  const plan = async (sql: string) =>
    (await database.client.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: sql.includes('?2') ? ['key', '2026-11-01T00:00:00.000Z'] : ['["key"]'] })).rows.map((row) => row.detail as string);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'handshake-packet-plans-'));
    database = await openDatabase(`file:${join(dir, 'handshake.db')}`);
    await migrateDatabase(database);
  });
  afterAll(async () => {
    database.close();
    await rm(dir, { recursive: true, force: true });
  });

  const keys: [TLeadKey, RegExp][] = [
    ['email', /SEARCH leads USING INDEX leads_email_unique \(email=\?\)/],
    ['hubspot', /SEARCH leads USING INDEX leads_hubspot_id \(hubspot_id=\?\)/],
    ['salesforce', /SEARCH leads USING INDEX leads_salesforce_id \(salesforce_id=\?\)/],
    ['pipedrive', /SEARCH leads USING INDEX leads_pipedrive_id \(pipedrive_id=\?\)/],
  ];

  it.each(keys)('by %s: the lead, its latest handover, decision, reassignments, people, events and touches each through an index', async (key, lead) => {
    const details = await plan(packetStatement(key));
    const text = details.join('\n');
    expect(text).toMatch(lead);
    expect(text).toMatch(/SEARCH handovers USING INDEX handovers_lead_started \(lead_id=\?\)/);
    expect(text).toMatch(/SEARCH decisions USING INDEX decisions_handover_id_unique \(handover_id=\?\)/);
    expect(text).toMatch(/SEARCH audit_log USING INDEX audit_entity \(entity=\? AND entity_id=\?\)/);
    expect(text).toMatch(/SEARCH events USING (COVERING )?INDEX events_lead_at \(lead_id=\? AND at>\?\)/);
    expect(text).toMatch(/SEARCH e USING (COVERING )?INDEX events_lead_at \(lead_id=\?\)/);
    expect(text).toMatch(/SEARCH t USING INDEX touches_lead \(lead_id=\?\)/);
    // The events come in the index's order: the only sort is of the handful of reassignments.
    expect(details.filter((d) => d === 'USE TEMP B-TREE FOR ORDER BY')).toHaveLength(1);
    expect(text).toMatch(/SEARCH a USING INDEX sqlite_autoindex_accounts_\d \(id=\?\)/);
    // The only scans are of the one-row results read above (l, h, d and the names they hold) and of charter_versions' few rows.
    const scans = details.filter((d) => /^SCAN /.test(d)).map((d) => d.replace(/^SCAN /, ''));
    expect(scans.every((s) => /^(l|h|d|named|\(subquery-\d+\)|CONSTANT ROW)$/.test(s))).toBe(true);
  });

  it("a group of decisions reads its keys and its leads' latest handovers through indexes", async () => {
    const { byKeys, leads } = decisionGroupReads();
    expect((await plan(byKeys)).join('\n')).toMatch(/SEARCH decisions USING INDEX decisions_idempotency_key_unique \(idempotency_key=\?\)/);
    const leadPlan = (await plan(leads)).join('\n');
    expect(leadPlan).toMatch(/SEARCH l USING INDEX sqlite_autoindex_leads_\d \(id=\?\)/);
    expect(leadPlan).toMatch(/SEARCH handovers USING INDEX handovers_lead_started \(lead_id=\?\)/);
    expect(leadPlan).not.toMatch(/SCAN (handovers|leads|decisions|users)\b/);
  });
});
