import { describe, expect, it } from 'vitest';
import { DEFAULT_CHARTER, ZCharter } from '../../shared/charter';

describe('the charter', () => {
  it('holds the defaults of the shared definition', () => {
    expect(DEFAULT_CHARTER.version).toBe(1);
    expect(DEFAULT_CHARTER.reviewEveryDays).toBe(90);
    expect(DEFAULT_CHARTER.engagement.windowDays).toBe(30);
    expect(DEFAULT_CHARTER.thresholds).toEqual({
      mql: { fit: 'borderline', engagement: 'medium', intent: 'none', authority: 'influencer' },
      sql: { fit: 'in_icp', engagement: 'high', intent: 'medium', authority: 'decision_maker' },
    });
    expect(DEFAULT_CHARTER.sla.tiers).toEqual({ high: 4, medium: 8, low: 16 });
    expect(DEFAULT_CHARTER.sla.warnAtFraction).toBe(0.75);
  });

  it('lists the default rejection reasons, with a note required only for "other"', () => {
    expect(DEFAULT_CHARTER.rejectionReasons.map((r) => r.label)).toEqual([
      'Wrong company size',
      'Wrong industry / ICP misfit',
      'Wrong role / no authority',
      'No real intent',
      'No budget',
      'Bad timing',
      'Using a competitor',
      'Competitor or researcher',
      'Internal or test',
      'Duplicate',
      'Bad contact data',
      'Other (note required)',
    ]);
    expect(DEFAULT_CHARTER.rejectionReasons.filter((r) => r.noteRequired).map((r) => r.id)).toEqual(['other']);
  });

  it('survives a JSON round trip (it is stored and versioned as data)', () => {
    expect(ZCharter.parse(JSON.parse(JSON.stringify(DEFAULT_CHARTER)))).toEqual(DEFAULT_CHARTER);
  });

  it.each([
    ['an employee band out of order', { icp: { ...DEFAULT_CHARTER.icp, employees: { min: 50, max: 20, borderlineMin: 10, borderlineMax: 100 } } }, 'icp.employees'],
    ['engagement levels out of order', { engagement: { ...DEFAULT_CHARTER.engagement, levels: { low: 1, medium: 5, high: 4 } } }, 'engagement.levels'],
    ['an unknown threshold level', { thresholds: { ...DEFAULT_CHARTER.thresholds, sql: { ...DEFAULT_CHARTER.thresholds.sql, intent: 'urgent' } } }, 'thresholds.sql.intent'],
    ['no "other" reason', { rejectionReasons: DEFAULT_CHARTER.rejectionReasons.filter((r) => r.id !== 'other') }, 'rejectionReasons'],
    ['duplicate reason ids', { rejectionReasons: [...DEFAULT_CHARTER.rejectionReasons, DEFAULT_CHARTER.rejectionReasons[0]] }, 'rejectionReasons'],
    ['a country name instead of a code', { icp: { ...DEFAULT_CHARTER.icp, countries: ['France'] } }, 'icp.countries.0'],
    ['a bad SLA warning fraction', { sla: { ...DEFAULT_CHARTER.sla, warnAtFraction: 1.5 } }, 'sla.warnAtFraction'],
  ])('rejects %s, naming the field', (_what, change, path) => {
    const result = ZCharter.safeParse({ ...DEFAULT_CHARTER, ...change });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });
});
