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
