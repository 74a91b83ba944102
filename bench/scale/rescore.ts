import { eq, like } from 'drizzle-orm';
import { DEFAULT_CHARTER } from '../../shared/charter';
import { evaluateLead } from '../../shared/scoring/evaluate';
import { openDatabase } from '../../server/db/client';
import { accounts, events, leads } from '../../server/db/schema';
import { rescoreLeads } from '../../server/domain/rescore';
import { eventForScoring, leadForScoring } from '../../server/domain/lead-record';
import { SCALE_NOW, type TScaleDatabase } from './generate';
import { costRatio, printRow, secondsOf, type TScaleRow } from './harness';

// A full re-score: every lead scored again under the charter. No command, procedure or
// charter activation does that yet, so the figure says "no code path"; what it would run,
// rescoreLeads over every lead id, is measured beside it, against evaluateLead alone on
// the same leads and events already in memory.

/** The goal: a path exists, and costs at most this many times pure scoring in memory. */
const GOAL_TIMES_PURE = 2;

export async function benchRescore(data: TScaleDatabase, file: string): Promise<TScaleRow[]> {
  const database = await openDatabase(`file:${file}`);
  try {
    const since = new Date(SCALE_NOW - 90 * 86_400_000).toISOString();
    // The generated leads only: the ingest figure adds others before this one runs.
    const leadRows = await database.db.select().from(leads).leftJoin(accounts, eq(accounts.id, leads.accountId)).where(like(leads.id, 'lead-%'));
    const eventRows = await database.db.select({ id: events.id, leadId: events.leadId, type: events.type, at: events.at, properties: events.properties }).from(events);
    const byLead = new Map<string, typeof eventRows>();
    for (const e of eventRows) if (e.at >= since) (byLead.get(e.leadId) ?? byLead.set(e.leadId, []).get(e.leadId)!).push(e);
    const inputs = leadRows.map(({ leads: lead, accounts: account }) => ({
      lead: leadForScoring(lead, account),
      events: (byLead.get(lead.id) ?? []).map((e) => eventForScoring(e, lead.email)),
    }));
    const at = new Date(SCALE_NOW);
    const inMemoryStart = process.hrtime.bigint();
    for (const input of inputs) evaluateLead({ ...input, charter: DEFAULT_CHARTER, at });
    const inMemory = Number(process.hrtime.bigint() - inMemoryStart) / 1e9;
    const ids = leadRows.map((r) => r.leads.id);
    const domain = await secondsOf(() => rescoreLeads(database, ids, at));
    return [
      printRow({
        figure: `full re-score of ${ids.length.toLocaleString('en-US')} leads`,
        size: data.size.name,
        value: `no code path (rescoreLeads over every id: ${domain.toFixed(1)} s)`,
        baseline: `${inMemory.toFixed(2)} s: evaluateLead in memory`,
        ratio: costRatio(domain, inMemory),
        goal: `a path, ≤ ${GOAL_TIMES_PURE}× the baseline`,
        met: '—',
        explanation: 'Nothing re-scores every lead yet (a charter change would); rescoreLeads given every id is what it would run: read each chunk with its events, score, write levels and stages, open due handovers.',
      }),
    ];
  } finally {
    database.close();
  }
}
