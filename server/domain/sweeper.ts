import { and, eq, isNull, lte, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Database } from '../db/client';
import { handovers, leads, notifications, users } from '../db/schema';
import { handoverChecks, NOT_DUE } from '../db/schema-sla';
import { outboxInserts } from '../connectors/outbox';
import { auditInsert, SYSTEM } from './audit';
import { activeCharter } from './charter';
import { ESCALATION_HORIZON_MS, isHistory } from './history';
import { escalationTarget } from './routing/escalation';
import { Router } from './routing/router';
import { refusedWith } from '../errors';
import { newRowId } from './row-ids';

export { ESCALATION_HORIZON_MS } from './history';

export interface TSweepResult {
  warned: number;
  breached: number;
  escalated: number;
}

type THandoverRow = typeof handovers.$inferSelect;

function notification(handover: THandoverRow, userId: string, kind: 'sla_warning' | 'sla_breach' | 'reassigned', message: string, at: Date) {
  return { id: newRowId(), userId, handoverId: handover.id, kind, message, at: at.toISOString() };
}

async function leadName(database: Database, leadId: string): Promise<string> {
  const lead = await database.db.query.leads.findFirst({ where: eq(leads.id, leadId) });
  return lead ? [lead.firstName, lead.lastName].filter(Boolean).join(' ') || lead.email : leadId;
}

/**
 * One pass of the SLA sweeper: warns owners at the warning point, and at the deadline
 * records the breach and escalates — the manager is notified and the lead goes to whoever
 * can take it (see `escalationTarget`). Every step is conditional on state kept in the
 * database, checked when it is written, not when it was read: a warning only while the
 * handover is open and untouched, and a breach's whole batch only while it is open,
 * untouched and unbreached (a `due` check, see `handoverChecks`). So a pass run twice, after
 * a restart, or on several instances at once neither repeats nor loses an escalation, and
 * never escalates a handover the owner accepted or touched after the pass read it.
 */
export async function sweepSla(database: Database, now: Date): Promise<TSweepResult> {
  const { db } = database;
  const nowIso = now.toISOString();
  const result: TSweepResult = { warned: 0, breached: 0, escalated: 0 };
  const untouchedOpen = and(eq(handovers.state, 'open'), isNull(handovers.firstTouchAt));
  const stillUntouchedOpen = (id: string) => sql`exists (select 1 from ${handovers} where ${handovers.id} = ${id} and ${handovers.state} = 'open' and ${handovers.firstTouchAt} is null)`;

  await database.writeLock.runExclusive(async () => {
    // What other instances wrote since (an embedded replica's last sync): touches, decisions, new handovers.
    await database.sync();
    const toWarn = await db
      .select()
      .from(handovers)
      .where(and(untouchedOpen, isNull(handovers.warnedAt), lte(handovers.warnAt, nowIso)));
    for (const handover of toWarn) {
      const breachedAlready = handover.deadline <= nowIso;
      const warning = breachedAlready ? undefined : notification(handover, handover.ownerId, 'sla_warning', `SLA warning: ${await leadName(database, handover.leadId)} is due by ${handover.deadline}.`, now);
      const [update] = await db.batch([
        db
          .update(handovers)
          .set({ warnedAt: nowIso })
          .where(and(eq(handovers.id, handover.id), isNull(handovers.warnedAt), untouchedOpen)),
        ...(warning
          ? [
              db.run(sql`insert into ${notifications} (id, user_id, handover_id, kind, message, at)
                select ${warning.id}, ${warning.userId}, ${warning.handoverId}, ${warning.kind}, ${warning.message}, ${warning.at}
                where ${stillUntouchedOpen(handover.id)} on conflict do nothing`),
            ]
          : []),
      ]);
      if (update.rowsAffected > 0 && !breachedAlready) result.warned += 1;
    }

    const toBreach = await db
      .select({ handover: handovers, owner: users })
      .from(handovers)
      .innerJoin(users, eq(handovers.ownerId, users.id))
      .where(and(untouchedOpen, isNull(handovers.breachedAt), lte(handovers.deadline, nowIso)));
    const charter = toBreach.length > 0 ? await activeCharter(database) : undefined;
    const router = charter && new Router(db, charter, now);
    for (const { handover, owner } of toBreach) {
      // History (see `isHistory`) is always beyond the horizon by now; said outright all the same.
      const recent = !isHistory(handover) && now.getTime() - Date.parse(handover.deadline) <= ESCALATION_HORIZON_MS;
      const escalation = recent ? await escalationTarget(db, router!, charter!, handover, owner, now) : undefined;
      const reassignTo = escalation?.to;
      const name = await leadName(database, handover.leadId);
      const queries: [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]] = [
        // The check first: refused, it takes the whole batch with it.
        db.insert(handoverChecks).values({ handoverId: handover.id, kind: 'due' }),
        db
          .update(handovers)
          .set({
            breachedAt: handover.deadline,
            ...(reassignTo ? { ownerId: reassignTo.id, escalatedAt: nowIso, routing: escalation.trace } : {}),
          })
          .where(and(eq(handovers.id, handover.id), isNull(handovers.breachedAt), untouchedOpen)),
        auditInsert(db, {
          at: now,
          actor: SYSTEM,
          action: reassignTo ? 'handover.escalate' : 'handover.breach',
          entity: 'handover',
          entityId: handover.id,
          details: { deadline: handover.deadline, from: owner.id, to: reassignTo?.id ?? null, escalated: recent, ...(escalation ? { routing: escalation.trace } : {}) },
        }),
      ];
      if (recent && owner.managerId) {
        const what = reassignTo ? `reassigned from ${owner.name} to ${reassignTo.name}` : `still with ${owner.name} (nobody available to take it)`;
        queries.push(
          db
            .insert(notifications)
            .values(notification(handover, owner.managerId, 'sla_breach', `SLA breached: ${name}, due ${handover.deadline}, ${what}.`, now))
            .onConflictDoNothing(),
        );
      }
      if (reassignTo) {
        const lead = await db.query.leads.findFirst({ where: eq(leads.id, handover.leadId) });
        const writeBack = charter!.crmWriteBack;
        queries.push(
          // The CRM record's owner follows, where the charter says so.
          ...(lead
            ? await outboxInserts(db, lead, { kind: 'owner', sourceId: `${handover.id}:escalation`, payload: { ownerEmail: reassignTo.email, reason: 'escalation' } }, now, (crm) => writeBack[crm].ownerFollowsEscalation)
            : []),
          db.update(leads).set({ ownerId: reassignTo.id, updatedAt: nowIso }).where(eq(leads.id, handover.leadId)),
          db
            .insert(notifications)
            .values(notification(handover, reassignTo.id, 'reassigned', `${name} is yours: ${owner.name} missed the SLA (due ${handover.deadline}).`, now))
            .onConflictDoNothing(),
        );
      }
      queries.push(...(router?.writes() ?? []));
      try {
        await db.batch(queries);
      } catch (error) {
        // Another instance recorded it first, or the owner acted since this pass read it.
        if (refusedWith(error, NOT_DUE)) continue;
        throw error;
      }
      result.breached += 1;
      if (reassignTo) result.escalated += 1;
    }
  });
  return result;
}

/** Runs the sweeper now and then every `intervalMs`; returns a function that stops it. */
export function startSweeper(database: Database, now: () => Date, intervalMs = 60_000): () => void {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = running.then(() => sweepSla(database, now())).catch((error: unknown) => console.error('SLA sweep failed:', error));
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
