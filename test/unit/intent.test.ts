import { describe, expect, it } from 'vitest';
import { DEFAULT_CHARTER } from '../../shared/charter';
import { scoreIntent } from '../../shared/scoring/intent';
import { daysBefore, event } from '../support/builders';

const charter = DEFAULT_CHARTER;
const at = new Date('2026-11-20T12:00:00Z');

describe('intent (explicit buying signals)', () => {
  it('is none for engagement without a buying signal', () => {
    const score = scoreIntent(
      [event('content_download', daysBefore(at, 1), { asset: 'Guide' }), event('webinar_attended', daysBefore(at, 2))],
      charter,
      at,
    );
    expect(score.level).toBe('none');
    expect(score.summary).toBe('None: no explicit buying signal in 30 days.');
  });

  it('rates one pricing visit low and two within 7 days medium', () => {
    expect(scoreIntent([event('pricing_view', daysBefore(at, 1))], charter, at).level).toBe('low');
    const two = scoreIntent([event('pricing_view', daysBefore(at, 6.9)), event('pricing_view', daysBefore(at, 0.5))], charter, at);
    expect(two.level).toBe('medium');
    expect(two.signals[0]!.label).toBe('2 pricing-page visits within 7 days. (medium)');
    expect(two.points).toBe(25);
  });

  it('does not count two pricing visits 8 days apart as a 7-day run', () => {
    const apart = scoreIntent([event('pricing_view', daysBefore(at, 9)), event('pricing_view', daysBefore(at, 1))], charter, at);
    expect(apart.level).toBe('low');
  });

  it('counts two pricing visits exactly 7 days apart as within 7 days, and not 1 ms more', () => {
    const sevenDays = 7 * 24 * 60 * 60 * 1000;
    const last = new Date(daysBefore(at, 1));
    const visitsApart = (ms: number) => [event('pricing_view', new Date(last.getTime() - ms).toISOString()), event('pricing_view', last.toISOString())];
    const exactly = scoreIntent(visitsApart(sevenDays), charter, at);
    expect(exactly.level).toBe('medium');
    expect(exactly.signals[0]!.label).toBe('2 pricing-page visits within 7 days. (medium)');
    expect(scoreIntent(visitsApart(sevenDays + 1), charter, at).level).toBe('low');
  });

  it('cites the last visit of the densest run of pricing visits, not a later lone visit nor the run’s first', () => {
    const runStart = event('pricing_view', daysBefore(at, 20));
    const runEnd = event('pricing_view', daysBefore(at, 19));
    const lone = event('pricing_view', daysBefore(at, 2));
    const [signal] = scoreIntent([runStart, runEnd, lone], charter, at).signals;
    expect(signal).toMatchObject({ rule: 'intent.pricing_views', label: '2 pricing-page visits within 7 days. (medium)', eventId: runEnd.id, at: runEnd.at });
  });

  it('cites the latest of lone pricing visits', () => {
    const older = event('pricing_view', daysBefore(at, 20));
    const newer = event('pricing_view', daysBefore(at, 2));
    const score = scoreIntent([newer, older], charter, at);
    expect(score.level).toBe('low');
    expect(score.signals).toHaveLength(1);
    expect(score.signals[0]).toMatchObject({ rule: 'intent.pricing_views', eventId: newer.id, at: newer.at });
  });

  it.each([
    ['competitor_comparison', {}, 'medium'],
    ['demo_request', {}, 'high'],
    ['trial_signup', {}, 'high'],
    ['meeting_booked', {}, 'high'],
    ['form_submit', { form: 'contact_sales' }, 'high'],
    ['form_submit', { form: 'newsletter' }, 'none'],
  ] as const)('%s %j is %s', (type, properties, level) => {
    expect(scoreIntent([event(type, daysBefore(at, 1), properties)], charter, at).level).toBe(level);
  });

  it('takes the strongest signal for the level and lists every one with its points', () => {
    const comparison = event('competitor_comparison', daysBefore(at, 3), { competitor: 'Rival' });
    const demo = event('demo_request', daysBefore(at, 1), { form: 'demo' });
    const score = scoreIntent([comparison, demo, event('pricing_view', daysBefore(at, 2))], charter, at);
    expect(score.level).toBe('high');
    expect(score.signals.map((s) => [s.rule, s.points])).toEqual([
      ['intent.demo_request', 50],
      ['intent.pricing_views', 10],
      ['intent.competitor_comparison', 25],
    ]);
    expect(score.points).toBe(85);
    expect(score.signals[2]!.label).toBe('Compared us with a competitor “Rival”. (medium)');
    expect(score.summary).toBe('High: Requested a demo.');
  });

  it('forgets signals older than the intent window', () => {
    expect(scoreIntent([event('demo_request', daysBefore(at, 45))], charter, at).level).toBe('none');
  });

  it('compares against the MQL and SQL thresholds side by side', () => {
    const score = scoreIntent([event('pricing_view', daysBefore(at, 1))], charter, at);
    expect(score.thresholds).toEqual({ mql: 'none', sql: 'medium' });
    expect(score.meetsMql).toBe(true);
    expect(score.meetsSql).toBe(false);
  });
});
