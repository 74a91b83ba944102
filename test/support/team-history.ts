import { sweepSla } from '../../server/domain/sweeper';
import { insertHandover, insertLead, roundTheClock } from './fixtures';
import type { TestServer } from './server';

// A small team with a history, for the manager's views in the browser tests (popup and
// dashboard): Mo manages Ana and Ben; five decided handovers over the last hours, leads at
// the top of the funnel, and Ana's open queue — on track, in warning, breached — the first
// two swept once, the breach too recent for the sweeper to have moved it yet.

const minutesFromNow = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
/** Business hours around the clock, so business time equals elapsed time whenever the test runs. */
export const ALWAYS = roundTheClock();
const COMPANIES = ['BigCo', 'Northwind Analytics', 'Bergmann Logistik', 'Acme Analytics'];

export type TUserHandle = Awaited<ReturnType<TestServer['user']>>;

export interface TTeamHistory {
  mo: TUserHandle;
  ana: TUserHandle;
  ben: TUserHandle;
}

export async function seedTeamHistory(server: TestServer): Promise<TTeamHistory> {
  let n = 0;
  /** An SQL with a handover to `owner`, its clock set in minutes from now. */
  async function handover(owner: TUserHandle, name: string, clock: { started: number; warn: number; deadline: number }, source = 'webinar', won = false) {
    n += 1;
    const [firstName, lastName] = name.split(' ');
    const leadId = await insertLead(server.database, {
      email: `lead${n}@example.com`,
      firstName,
      lastName,
      title: 'VP Sales',
      company: { name: COMPANIES[n % COMPANIES.length]! },
      ownerId: owner.id,
      stage: 'sql',
      source,
      mqlAt: minutesFromNow(clock.started - 600),
      sqlAt: minutesFromNow(clock.started),
      ...(won ? { opportunityAt: minutesFromNow(-30), wonAt: minutesFromNow(-5) } : {}),
    });
    await insertHandover(server.database, {
      leadId,
      ownerId: owner.id,
      startedAt: minutesFromNow(clock.started),
      warnAt: minutesFromNow(clock.warn),
      deadline: minutesFromNow(clock.deadline),
    });
    return leadId;
  }

  /** Decided through the real API, with a first touch `touchAfter` minutes into the SLA when given. */
  async function decided(owner: TUserHandle, name: string, decision: 'accept' | { reject: string }, touchAfter: number | null, source?: string, won = false) {
    const started = -300;
    const leadId = await handover(owner, name, { started, warn: -120, deadline: -60 }, source, won);
    if (touchAfter !== null) await owner.api.touch.log.mutate({ leadId, channel: 'call', idempotencyKey: `touch-${leadId}`, at: minutesFromNow(started + touchAfter) });
    if (decision === 'accept') await owner.api.decision.accept.mutate({ leadId, idempotencyKey: `decide-${leadId}` });
    else await owner.api.decision.reject.mutate({ leadId, idempotencyKey: `decide-${leadId}`, reason: decision.reject });
  }

  const mo = await server.user({ ...ALWAYS, email: 'mo.khan@example.com', name: 'Mo Khan', role: 'manager' });
  const ana = await server.user({ ...ALWAYS, email: 'ana.silva@example.com', name: 'Ana Silva', role: 'rep', managerEmail: 'mo.khan@example.com' });
  const ben = await server.user({ ...ALWAYS, email: 'ben.okafor@example.com', name: 'Ben Okafor', role: 'rep', managerEmail: 'mo.khan@example.com' });

  // History for the manager's figures: Ana 2 accepted, 1 rejected; Ben 2 accepted.
  await decided(ana, 'Priya Nair', 'accept', 30, 'webinar', true);
  await decided(ana, 'Tom Becker', 'accept', 270, 'paid_search'); // touched after the deadline
  await decided(ana, 'Lena Vogel', { reject: 'no_budget' }, null);
  await decided(ben, 'Omar Haddad', 'accept', 90, 'paid_search');
  await decided(ben, 'Sara Lind', 'accept', 10);

  // The top of the funnel: leads that did not reach SQL (yet).
  for (const [source, mql] of [['webinar', true], ['webinar', true], ['webinar', false], ['webinar', false], ['paid_search', true], ['paid_search', false]] as const) {
    n += 1;
    await insertLead(server.database, { email: `lead${n}@example.com`, source, stage: mql ? 'mql' : 'lead', ...(mql ? { mqlAt: minutesFromNow(-900) } : {}) });
  }

  // Ana's open queue, inserted out of order: on track, warning, then breached.
  await handover(ana, 'Jonas Weber', { started: -10, warn: 170, deadline: 230 });
  await handover(ana, 'Camille Durand', { started: -200, warn: -20, deadline: 40 });
  // The server's SLA sweeper: a warning for Ana.
  await sweepSla(server.database, new Date());
  // Dana's deadline passed since the sweeper's last pass: breached, still with Ana until its
  // next pass escalates it (to Ben, Ana having no backup: the pool's next rep).
  await handover(ana, 'Dana Whitfield', { started: -360, warn: -120, deadline: -30 });
  return { mo, ana, ben };
}
