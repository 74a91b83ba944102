import { and, asc, eq, isNull, lt, lte, or } from 'drizzle-orm';
import type { Database } from '../db/client';
import { alertDeliveries, alertQueue } from '../db/schema-alerts';
import { backoffMs } from '../connectors/outbox';
import { planQueuedAlerts, type TPlanSettings } from './queue';
import { planWeeklyReports } from './weekly';
import type { TSenders, TSendOutcome } from './senders';

// One pass of the alerts: plan what the app recorded (queue.ts) and, on Mondays, the weekly
// report (weekly.ts), then send each due delivery
// its channel can take. A delivery is claimed in the database before it is sent, so two
// dispatchers (two instances) never send it both; a claim a crashed process left lapses after
// CLAIM_MS and the delivery is sent then. Failures are retried with the CRM outbox's backoff
// (30 s doubling to an hour, or what the server asked), never dropped.

const CLAIM_MS = 60_000;
/** Deliveries sent per pass at most. */
const PER_PASS = 100;

export interface TDispatchReport {
  planned: number;
  sent: number;
  retried: number;
  failed: number;
}

export async function dispatchAlerts(database: Database, settings: Omit<TPlanSettings, 'email'>, senders: TSenders, now: Date): Promise<TDispatchReport> {
  const { db } = database;
  const report: TDispatchReport = { planned: 0, sent: 0, retried: 0, failed: 0 };
  if (!senders.email && !senders.slack) {
    // Nothing to send with: what was recorded meanwhile is not sent later, when a channel is set up.
    await db.delete(alertQueue);
    return report;
  }
  report.planned = await planQueuedAlerts(database, { ...settings, email: Boolean(senders.email) }, now);
  if (senders.email) report.planned += await planWeeklyReports(database, now);
  const nowIso = now.toISOString();
  const due = await db
    .select()
    .from(alertDeliveries)
    .where(and(eq(alertDeliveries.state, 'pending'), lte(alertDeliveries.nextAttemptAt, nowIso), or(isNull(alertDeliveries.leaseUntil), lt(alertDeliveries.leaseUntil, nowIso))))
    .orderBy(asc(alertDeliveries.id))
    .limit(PER_PASS);
  for (const delivery of due) {
    const send = senders[delivery.channel];
    if (!send) continue;
    const claimed = await db
      .update(alertDeliveries)
      .set({ leaseUntil: new Date(now.getTime() + CLAIM_MS).toISOString() })
      .where(and(eq(alertDeliveries.id, delivery.id), eq(alertDeliveries.state, 'pending'), or(isNull(alertDeliveries.leaseUntil), lt(alertDeliveries.leaseUntil, nowIso))))
      .returning({ id: alertDeliveries.id });
    if (claimed.length === 0) continue;
    const outcome: TSendOutcome = await send(delivery);
    const attempts = delivery.attempts + 1;
    if (outcome.state === 'sent') {
      await db.update(alertDeliveries).set({ state: 'sent', attempts, sentAt: nowIso, leaseUntil: null, lastError: null }).where(eq(alertDeliveries.id, delivery.id));
      report.sent += 1;
    } else if (outcome.state === 'failed') {
      await db.update(alertDeliveries).set({ state: 'failed', attempts, leaseUntil: null, lastError: outcome.error }).where(eq(alertDeliveries.id, delivery.id));
      report.failed += 1;
    } else {
      const next = new Date(now.getTime() + backoffMs(attempts, outcome.retryAfterMs)).toISOString();
      await db.update(alertDeliveries).set({ attempts, nextAttemptAt: next, leaseUntil: null, lastError: outcome.error }).where(eq(alertDeliveries.id, delivery.id));
      report.retried += 1;
      // The server is down or asks to wait: the rest of this channel waits for the next pass.
      senders = { ...senders, [delivery.channel]: undefined };
    }
  }
  return report;
}

/** Runs a pass every `intervalMs`, one at a time. */
export function startAlertDispatcher(database: Database, settings: Omit<TPlanSettings, 'email'>, senders: TSenders, intervalMs: number, now: () => Date, log: (line: string) => void): () => void {
  let running: Promise<unknown> = Promise.resolve();
  const pass = () => {
    running = running
      .then(async () => {
        const report = await dispatchAlerts(database, settings, senders, now());
        if (report.retried + report.failed > 0) log(`Alerts: ${report.sent} sent, ${report.retried} to retry, ${report.failed} refused for good`);
      })
      .catch((error: unknown) => log(`Alerts: ${error instanceof Error ? error.message : String(error)}`));
  };
  pass();
  const timer = setInterval(pass, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
