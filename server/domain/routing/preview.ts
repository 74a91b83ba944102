import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { ZIntentLevel } from '../../../shared/levels';
import type { TRoutingTrace } from '../../../shared/routing';
import type { Database } from '../../db/client';
import { accounts, handovers, leads } from '../../db/schema';
import { forbidden, invalid } from '../../errors';
import { activeCharter } from '../charter';
import { ZBacktestInput, resolveBacktestInput } from '../backtest/input';
import { handoverTier } from '../handover';
import { rowFromJson, jsonRowText } from '../json-rows';
import { parse, resolveRange } from '../stats/common';
import { routingLeadOf } from './lead';
import { routingPeopleProblem } from './charter-check';
import type { TUser } from '../users';
import { Router } from './router';

// routing.preview: who a charter's routing would give each of a set of leads, and the load
// that would put on each rep, before anyone signs it. The leads are those handed over in a
// range (the last 30 days by default) or named by id; the rotation starts where it stands and
// nothing is written.

export const PREVIEW_DEFAULT_DAYS = 30;
export const PREVIEW_MAX_LEADS = 500;

export const ZRoutingPreviewInput = ZBacktestInput.extend({
  /** These leads rather than those handed over in the range. */
  leadIds: z.array(z.string().min(1)).min(1).max(PREVIEW_MAX_LEADS).optional(),
});
export type TRoutingPreviewInput = z.input<typeof ZRoutingPreviewInput>;

export interface TRoutingPreview {
  /** The charter tried: a stored version, null for a draft. */
  charterVersion: number | null;
  from: string;
  to: string;
  leads: {
    leadId: string;
    email: string;
    name: string | null;
    company: string | null;
    /** Who would get it; null when nobody available could. */
    owner: { id: string; name: string } | null;
    route: TRoutingTrace | null;
    /** Who holds its latest handover today. */
    heldBy: { id: string; name: string } | null;
  }[];
  /** The leads left out past the first `PREVIEW_MAX_LEADS`, most recent first. */
  leftOut: number;
  load: { userId: string; name: string; weight: number; capacity: number | null; openNow: number; wouldGet: number }[];
}

const LEADS_SQL = (json: { leads: string; accounts: string; handovers: string }) => `SELECT ${json.leads}, (SELECT ${json.accounts} FROM accounts WHERE accounts.id = leads.account_id),
  (SELECT ${json.handovers} FROM handovers WHERE handovers.lead_id = leads.id ORDER BY handovers.started_at DESC LIMIT 1)
FROM leads`;

async function previewLeads(database: Database, input: z.output<typeof ZRoutingPreviewInput>, range: { from: Date; to: Date }) {
  const json = { leads: jsonRowText(leads), accounts: jsonRowText(accounts), handovers: jsonRowText(handovers) };
  const where = input.leadIds
    ? sql`WHERE leads.id IN (SELECT value FROM json_each(${JSON.stringify(input.leadIds)}))`
    : sql`WHERE leads.id IN (SELECT lead_id FROM handovers WHERE started_at >= ${range.from.toISOString()} AND started_at < ${range.to.toISOString()} ORDER BY started_at DESC LIMIT ${PREVIEW_MAX_LEADS + 1})`;
  const rows = await database.db.all<Record<string, string | null>>(sql`${sql.raw(LEADS_SQL(json))} ${where}`);
  return rows.map((row) => {
    const [lead, account, handover] = Object.values(row);
    return {
      lead: rowFromJson(leads, lead!),
      account: account ? rowFromJson(accounts, account) : null,
      handover: handover ? rowFromJson(handovers, handover) : null,
    };
  });
}

/** Leads handed over in the range (through `handovers_started`). */
async function handedOverCount(database: Database, range: { from: Date; to: Date }): Promise<number> {
  const [row] = await database.db.all<{ leads: number }>(
    sql`SELECT count(DISTINCT lead_id) AS leads FROM handovers WHERE started_at >= ${range.from.toISOString()} AND started_at < ${range.to.toISOString()}`,
  );
  return Number(row?.leads ?? 0);
}

export async function routingPreview(database: Database, caller: TUser, input: TRoutingPreviewInput | undefined, now: Date): Promise<TRoutingPreview> {
  if (caller.role === 'rep') throw forbidden('only a manager or an admin may preview routing');
  const parsed = parse(ZRoutingPreviewInput, input);
  const tried = parsed.charter !== undefined || parsed.version !== undefined ? (await resolveBacktestInput(database, parsed, now)).proposal : { charter: await activeCharter(database), version: null as number | null };
  const charterVersion = parsed.charter !== undefined ? null : (tried.version ?? tried.charter.version);
  const problem = await routingPeopleProblem(database.db, tried.charter.handover.routing);
  if (problem) throw invalid(`charter.${problem.path}`, problem.message);
  const range = resolveRange({ from: parsed.from, to: parsed.to }, now, PREVIEW_DEFAULT_DAYS);

  const found = (await previewLeads(database, parsed, range)).sort((a, b) => (b.handover?.startedAt ?? '').localeCompare(a.handover?.startedAt ?? '') || a.lead.email.localeCompare(b.lead.email));
  const chosen = found.slice(0, PREVIEW_MAX_LEADS);
  const inRange = parsed.leadIds ? found.length : await handedOverCount(database, range);
  const router = new Router(database.db, tried.charter, now);
  const everyone = await router.everyone();
  const open = await router.openNow();
  const nameOf = (id: string | null | undefined) => {
    const user = id ? everyone.find((u) => u.id === id) : undefined;
    return user ? { id: user.id, name: user.name } : null;
  };
  const wouldGet = new Map<string, number>();
  const previewed: TRoutingPreview['leads'] = [];
  // Oldest first, as they came: the rotation deals in that order.
  for (const { lead, account, handover } of [...chosen].reverse()) {
    const intent = ZIntentLevel.safeParse(lead.intentLevel).data ?? 'none';
    const stage = lead.stage === 'sql' || handover?.stage === 'sql' ? 'sql' : 'mql';
    // The CRM's owner is only known for leads it named: those its latest handover went to as such.
    const namedOwner = handover?.routing?.by === 'crm_owner' ? handover.originalOwnerId : null;
    const routed = await router.route({
      leadId: lead.id,
      lead: routingLeadOf(lead, account, stage, intent),
      accountId: lead.accountId,
      named: { ownerId: namedOwner, ownerEmail: namedOwner ? null : lead.ownerEmail },
      tier: handoverTier(intent, stage, tried.charter).tier,
    });
    if (routed) wouldGet.set(routed.owner.id, (wouldGet.get(routed.owner.id) ?? 0) + 1);
    previewed.push({
      leadId: lead.id,
      email: lead.email,
      name: [lead.firstName, lead.lastName].filter(Boolean).join(' ') || null,
      company: account?.name ?? (lead.company as { name?: string } | null)?.name ?? null,
      owner: routed ? { id: routed.owner.id, name: routed.owner.name } : null,
      route: routed?.trace ?? null,
      heldBy: nameOf(handover?.ownerId),
    });
  }
  const load = everyone
    .filter((user) => wouldGet.has(user.id) || (user.role === 'rep' && user.available))
    .map((user) => ({ userId: user.id, name: user.name, weight: user.weight, capacity: user.capacity, openNow: open.get(user.id) ?? 0, wouldGet: wouldGet.get(user.id) ?? 0 }));
  return { charterVersion, from: range.from.toISOString(), to: range.to.toISOString(), leads: previewed.reverse(), leftOut: Math.max(0, inRange - chosen.length), load };
}
