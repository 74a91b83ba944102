import { createClient, type Client } from '@libsql/client';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { newRowId } from '../../server/domain/row-ids';
import { seededRandom } from '../measure';
import { SCALE_NOW, type TScaleDatabase } from './generate';
import { cannon, perSecond, printRow, rateRatio, secondsOf, type TScaleRow } from './harness';

// REST ingest of new leads and of events for existing leads, 1,000 items a request
// (autocannon, one connection: a source sends its batches in turn), against the same rows
// written by multi-row INSERTs into the same tables of a copy of the database: what storing
// them costs with the tables' indexes, before validation, scoring and handovers. The same
// rows into a bare table on a fresh file are shown beside it: no ingest can come near that,
// since the real tables' indexes alone cost a share of it (events: their lead-and-time index
// is written at random places of a large tree).

const PER_REQUEST = 1_000;
const REQUESTS = 10;
/** Requests of each kind sent first and not counted: a server just started compiles its ingest path on the first ones (about twice as slow). */
const WARM_UP = 3;
/** The issue's goals: at least these shares of a raw multi-row insert's rate. */
const GOALS = { leads: 0.2, events: 0.3 } as const;
const TYPES = ['page_view', 'pricing_view', 'content_download', 'email_click', 'webinar_attended', 'email_open'];

type TKind = keyof typeof GOALS;

/** Rows a second written into `table` of `client` by multi-row INSERTs, one durable batch per request's worth. */
async function insertRate(client: Client, table: string, columns: string[], rows: unknown[][]): Promise<number> {
  const seconds = await secondsOf(async () => {
    for (let i = 0; i < rows.length; i += PER_REQUEST) {
      const chunk = rows.slice(i, i + PER_REQUEST);
      const statements = [];
      for (let j = 0; j < chunk.length; j += 200) {
        const part = chunk.slice(j, j + 200);
        statements.push({ sql: `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${part.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ')}`, args: part.flat() as string[] });
      }
      await client.batch(statements, 'write');
    }
  });
  return rows.length / seconds;
}

async function durableClient(file: string): Promise<Client> {
  const client = createClient({ url: `file:${file}` });
  await client.execute('PRAGMA journal_mode = WAL');
  await client.execute('PRAGMA synchronous = FULL');
  return client;
}

/** The same rows into a table with no index but its key, on a fresh file. */
async function bareInsertRate(file: string, columns: string[], rows: unknown[][]): Promise<number> {
  const client = await durableClient(file);
  try {
    await client.execute(`CREATE TABLE items (${columns.map((c, i) => `${c} TEXT${i === 0 ? ' PRIMARY KEY' : ''}`).join(', ')})`);
    return await insertRate(client, 'items', columns, rows);
  } finally {
    client.close();
  }
}

export async function benchIngest(data: TScaleDatabase, file: string, dir: string, server: { url: string; ingestKey?: string }): Promise<TScaleRow[]> {
  const read = createClient({ url: `file:${file}` });
  const emails = (await read.execute({ sql: 'SELECT email FROM leads ORDER BY id LIMIT ?', args: [5_000] })).rows.map((r) => r.email as string);
  read.close();
  const random = seededRandom(9);
  const total = PER_REQUEST * REQUESTS;
  const leads = Array.from({ length: total }, (_, i) => ({
    email: `new.lead.${i}@ingest${i % 400}.example.com`,
    firstName: 'New',
    lastName: `Lead ${i}`,
    title: ['VP Sales', 'Directeur commercial', 'Leiter Vertrieb', 'Marketing Manager', 'Analyst'][i % 5],
    company: { name: `Ingest ${i % 400}`, domain: `ingest${i % 400}.example.com`, employees: 50 + (i % 900), industry: 'Computer Software', country: 'United States' },
    source: 'Webinar',
    crmIds: { hubspot: String(90_000_000 + i) },
  }));
  const events = Array.from({ length: total }, (_, i) => ({
    id: `ingest-${i}`,
    email: emails[Math.floor(random() * emails.length)]!,
    type: TYPES[Math.floor(random() * TYPES.length)]!,
    at: new Date(SCALE_NOW - random() * 5 * 86_400_000).toISOString(),
    properties: { asset: 'Lead routing playbook' },
  }));
  const payloads: Record<TKind, unknown[]> = { leads, events };
  const nowIso = new Date(SCALE_NOW).toISOString();
  const bareRows: Record<TKind, { columns: string[]; rows: unknown[][] }> = {
    leads: { columns: ['email', 'first_name', 'last_name', 'title', 'company', 'source', 'hubspot_id'], rows: leads.map((l) => [l.email, l.firstName, l.lastName, l.title, JSON.stringify(l.company), l.source, l.crmIds.hubspot]) },
    events: { columns: ['id', 'email', 'type', 'at', 'properties'], rows: events.map((e) => [e.id, e.email, e.type, e.at, JSON.stringify(e.properties)]) },
  };
  // The same rows as the tables hold them (time-ordered ids, as the ingest makes them), into a copy of the database as it was generated.
  const tablesFile = join(dir, 'raw-tables.db');
  await copyFile(data.file, tablesFile);
  const tables = await durableClient(tablesFile);
  const leadIdOf = new Map((await tables.execute({ sql: 'SELECT email, id FROM leads ORDER BY id LIMIT ?', args: [5_000] })).rows.map((r) => [r.email as string, r.id as string]));
  const tableRows: Record<TKind, { table: string; columns: string[]; rows: unknown[][] }> = {
    leads: {
      table: 'leads',
      columns: ['id', 'email', 'first_name', 'last_name', 'title', 'company', 'source', 'hubspot_id', 'created_at', 'updated_at'],
      rows: leads.map((l) => [newRowId(), l.email, l.firstName, l.lastName, l.title, JSON.stringify(l.company), l.source, l.crmIds.hubspot, nowIso, nowIso]),
    },
    events: {
      table: 'events',
      columns: ['id', 'lead_id', 'type', 'at', 'properties', 'created_at'],
      rows: events.map((e) => [e.id, leadIdOf.get(e.email), e.type, e.at, JSON.stringify(e.properties), nowIso]),
    },
  };

  // Other leads at other companies, and other events: the measured requests still create their leads and companies.
  const warmUp: Record<TKind, unknown[]> = {
    leads: Array.from({ length: WARM_UP * PER_REQUEST }, (_, i) => ({ ...leads[i % total]!, email: `warm.lead.${i}@warm${i % 400}.example.com`, company: { ...leads[i % total]!.company, domain: `warm${i % 400}.example.com` } })),
    events: Array.from({ length: WARM_UP * PER_REQUEST }, (_, i) => ({ ...events[i % total]!, id: `warm-${i}` })),
  };
  const send = (kind: TKind, items: unknown[]) => {
    let request = 0;
    return cannon({
      url: server.url,
      connections: 1,
      amount: items.length / PER_REQUEST,
      requests: [
        {
          method: 'POST',
          path: `/api/v1/${kind}`,
          setupRequest: (r) => {
            const part = items.slice(request * PER_REQUEST, (request + 1) * PER_REQUEST);
            request += 1;
            return { ...r, headers: { 'content-type': 'application/json', authorization: `Bearer ${server.ingestKey}` }, body: JSON.stringify({ [kind]: part }) };
          },
        },
      ],
    });
  };

  const rows: TScaleRow[] = [];
  for (const kind of ['leads', 'events'] as const) {
    const warm = await send(kind, warmUp[kind]);
    if (warm.failures > 0) throw new Error(`ingest of ${kind}: ${warm.failures} of the warm-up requests failed`);
    const load = await send(kind, payloads[kind]);
    // One connection sends the requests in turn: a request's mean latency is the time per
    // batch (autocannon's own rate and run time are counted in whole seconds, too coarse here).
    const measured = (PER_REQUEST * 1000) / load.meanMs;
    const { table, columns, rows: values } = tableRows[kind];
    const baseline = await insertRate(tables, table, columns, values);
    const bare = await bareInsertRate(join(dir, `raw-${kind}.db`), bareRows[kind].columns, bareRows[kind].rows);
    rows.push(
      printRow({
        figure: `REST ingest of ${kind}`,
        size: data.size.name,
        value: `${perSecond(measured, kind)} (${REQUESTS} requests of ${PER_REQUEST.toLocaleString('en-US')} after ${WARM_UP} not counted, mean ${Math.round(load.meanMs)} ms each${load.failures ? `, ${load.failures} failed` : ''})`,
        baseline: `${perSecond(baseline, 'rows')}: multi-row INSERT of the same rows into the ${table} table of a copy of the database (into a bare table: ${perSecond(bare, 'rows')}, ${`ingest is ${rateRatio(measured, bare).replace('the baseline', 'that')}`})`,
        ratio: rateRatio(measured, baseline),
        goal: `≥ ${GOALS[kind]}× the baseline`,
        met: measured >= GOALS[kind] * baseline && load.failures === 0 ? 'yes' : 'no',
        explanation:
          kind === 'leads'
            ? 'POST /api/v1/leads with new leads at 400 new companies: validate, upsert leads and accounts, score, hand over the qualified; the baseline writes the same leads as rows of the leads table, with its indexes.'
            : 'POST /api/v1/events for existing leads: validate, store, re-score each lead touched with its recent events, hand over; the baseline writes the same events as rows of the events table, with its indexes.',
      }),
    );
  }
  tables.close();
  return rows;
}
