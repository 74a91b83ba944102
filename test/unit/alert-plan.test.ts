import { describe, expect, it } from 'vitest';
import { planDeliveries, type TAlertFacts, type TAlertPerson } from '../../server/alerts/plan';

// Which e-mails and chat messages a notification becomes, and when.

const allWeek = { timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5, 6, 7], dayStart: '00:00', dayEnd: '23:59', holidays: [] };
const nineToFive = { ...allWeek, dayStart: '09:00', dayEnd: '17:00' };
const person = (id: string, calendar = allWeek, optedOut: string[] = []): TAlertPerson => ({ id, name: id.toUpperCase(), email: `${id}@acme.example`, calendar, optedOut: new Set(optedOut) as TAlertPerson['optedOut'] });
const NIGHT = new Date('2026-11-24T22:00:00.000Z');

function facts(kind: TAlertFacts['notification']['kind'], overrides: Partial<TAlertFacts> = {}): TAlertFacts {
  return {
    notification: { id: `n-${kind}`, kind, userId: kind === 'sla_breach' ? 'mia' : kind === 'reassigned' ? 'tom' : 'ines', message: 'The words.', at: NIGHT.toISOString() },
    handover: { id: 'h1', deadline: NIGHT.toISOString(), ownerId: kind === 'sla_warning' || kind === 'nudge' ? 'ines' : 'tom', originalOwnerId: 'ines' },
    lead: { name: 'Nadia Brandt' },
    people: new Map([person('ines'), person('tom'), person('mia')].map((p) => [p.id, p])),
    managerId: 'mia',
    breachAlongside: false,
    link: 'https://app.hubspot.com/contacts/1/record/0-1/9',
    chat: 'team',
    email: true,
    ...overrides,
  };
}
const summary = (planned: ReturnType<typeof planDeliveries>) => planned.map((p) => `${p.key} ${p.address}`);

describe('planDeliveries', () => {
  it('a breach: the manager, the rep who missed it, the rep it went to, once each; one chat message', () => {
    expect(summary(planDeliveries(facts('sla_breach'), NIGHT))).toEqual([
      'email:h1:sla_breach:mia mia@acme.example',
      'email:h1:sla_breach:ines ines@acme.example',
      'email:h1:sla_breach:tom tom@acme.example',
      'slack:h1:sla_breach:team team',
    ]);
    // No backup: the lead stayed with the rep, who is e-mailed once.
    expect(summary(planDeliveries(facts('sla_breach', { handover: { id: 'h1', deadline: NIGHT.toISOString(), ownerId: 'ines', originalOwnerId: 'ines' } }), NIGHT))).toHaveLength(3);
  });

  it("an escalation's reassignment says nothing more than its breach; another reassignment tells the new holder and the channel", () => {
    expect(planDeliveries(facts('reassigned', { breachAlongside: true }), NIGHT)).toEqual([]);
    expect(summary(planDeliveries(facts('reassigned'), NIGHT))).toEqual(['email:h1:reassigned:tom tom@acme.example', 'slack:h1:reassigned:n-reassigned team']);
  });

  it('a nudge goes to its holder alone, and may repeat', () => {
    expect(summary(planDeliveries(facts('nudge'), NIGHT))).toEqual(['email:h1:nudge:n-nudge:ines ines@acme.example']);
  });

  it('waits for the recipient’s working hours, except a breach; honours what they opted out of; no channel, nothing', () => {
    const people = new Map([person('ines', nineToFive), person('tom', nineToFive), person('mia', nineToFive, ['sla_breach:email'])].map((p) => [p.id, p]));
    const [warning] = planDeliveries(facts('sla_warning', { people }), NIGHT);
    expect(warning!.notBefore.toISOString()).toBe('2026-11-25T09:00:00.000Z');
    const breach = planDeliveries(facts('sla_breach', { people }), NIGHT);
    expect(summary(breach)).not.toContain('email:h1:sla_breach:mia mia@acme.example');
    expect(breach.every((p) => p.notBefore.getTime() === NIGHT.getTime())).toBe(true);
    expect(planDeliveries(facts('sla_warning', { chat: null, email: false }), NIGHT)).toEqual([]);
  });
});
