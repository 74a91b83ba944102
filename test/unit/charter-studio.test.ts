import { describe, expect, it } from 'vitest';
import { DEFAULT_CHARTER } from '../../shared/charter';
import { charterChanges } from '../../extension/charter/charter-diff';
import { charterFieldError, charterFieldErrors, errorFor } from '../../extension/charter/draft';
import { setIn } from '../../shared/set-in';
import { fieldLabel } from '../../extension/charter/labels';
import { reviewBannerText, reviewStatus } from '../../extension/charter/review';
import { decisionRows, signed } from '../../extension/charter/backtest-view';

// The charter studio's pure parts: the draft edited by path, its changes in words, the
// server's refusal read back onto a field, the review's banner, the backtest's cells.

const texts = (draft: typeof DEFAULT_CHARTER) => charterChanges(DEFAULT_CHARTER, draft).map((c) => c.text);

describe('the changes from the charter in force', () => {
  it('is empty for the charter itself, whatever its version', () => {
    expect(charterChanges(DEFAULT_CHARTER, { ...DEFAULT_CHARTER, version: 7 })).toEqual([]);
  });

  it('says SLA tiers as durations, levels and numbers in words, in the charter order', () => {
    let draft = setIn(DEFAULT_CHARTER, 'sla.tiers.high', 0.5);
    draft = setIn(draft, 'thresholds.sql.engagement', 'medium');
    draft = setIn(draft, 'targets.sqlsPerWeek', 12);
    draft = setIn(draft, 'sla.warnAtFraction', 0.5);
    draft = setIn(draft, 'thresholds.mql.fit', 'in_icp');
    expect(texts(draft)).toEqual([
      'MQL threshold, fit: borderline → in ICP',
      'SQL threshold, engagement: high → medium',
      'SLA, high intent: 4 h → 30 min',
      'SLA, warn at: 75% of the time → 50% of the time',
      'Targets, SQLs per week: none → 12',
    ]);
    expect(texts(setIn(DEFAULT_CHARTER, 'sla.tiers.medium', 1.5))).toEqual(['SLA, medium intent: 8 h → 1 h 30 min']);
  });

  it('lists what a list gained and lost', () => {
    const countries = [...DEFAULT_CHARTER.icp.countries.filter((c) => c !== 'NZ' && c !== 'AU'), 'PT'];
    expect(texts(setIn(DEFAULT_CHARTER, 'icp.countries', countries))).toEqual(['ICP, countries: added PT; removed AU, NZ']);
    expect(texts(setIn(DEFAULT_CHARTER, 'icp.industries', [...DEFAULT_CHARTER.icp.industries].reverse()))).toEqual(['ICP, industries: reordered']);
  });

  it('matches rejection reasons by id: renamed, added, removed, changed', () => {
    const reasons = DEFAULT_CHARTER.rejectionReasons;
    let draft = setIn(DEFAULT_CHARTER, 'rejectionReasons.4.label', 'No budget this year');
    draft = setIn(draft, 'rejectionReasons.5.noteRequired', true);
    draft = setIn(draft, 'rejectionReasons', [
      ...draft.rejectionReasons.filter((r) => r.id !== 'duplicate'),
      { id: 'student', label: 'Student ‮gnp.exe', criterion: 'authority', noteRequired: false, returnsToNurture: false },
    ]);
    expect(reasons[4]!.label).toBe('No budget');
    expect(texts(draft)).toEqual([
      'Rejection reasons: renamed “No budget” → “No budget this year”',
      'Rejection reason “Bad timing”, note required: no → yes',
      // Bidirectional overrides are taken out of what people wrote.
      'Rejection reasons: added “Student gnp.exe”',
      'Rejection reasons: removed “Duplicate”',
    ]);
  });

  it('names engagement weights and ICP size as the form does', () => {
    let draft = setIn(DEFAULT_CHARTER, 'engagement.touchpoints.email_open.weight', 0.25);
    draft = setIn(draft, 'icp.employees.min', 100);
    draft = setIn(draft, 'engagement.levels.high', 5);
    expect(texts(draft)).toEqual(['ICP, employees, min: 50 → 100', 'Engagement, high level (weighted touchpoints): 4 → 5', 'Engagement, weight of email open: 0.5 → 0.25']);
  });
});

describe('the draft', () => {
  it('is changed by path without touching the charter it came from', () => {
    const draft = setIn(DEFAULT_CHARTER, 'rejectionReasons.0.label', 'Too small');
    expect(draft.rejectionReasons[0]!.label).toBe('Too small');
    expect(DEFAULT_CHARTER.rejectionReasons[0]!.label).toBe('Wrong company size');
    expect(draft.icp).toBe(DEFAULT_CHARTER.icp);
  });

  it("reads the server's refusal onto a field of the charter", () => {
    const error = charterFieldError({ code: 'INVALID_INPUT', field: 'charter.sla.tiers.high', message: 'charter.sla.tiers.high: Too small: expected number to be >0' });
    expect(error).toEqual({ path: 'sla.tiers.high', message: 'Too small: expected number to be >0' });
    expect(errorFor([error!], 'sla.tiers.high')).toBe(error);
    expect(errorFor([error!], 'sla.tiers')).toBe(error);
    expect(errorFor([error!], 'sla.tiers.highest')).toBeUndefined();
    expect(charterFieldError({ code: 'INVALID_INPUT', field: 'from', message: 'from: invalid' })).toBeNull();
    expect(charterFieldErrors({ code: 'INVALID_INPUT', field: 'from', message: 'from: invalid' })).toEqual([]);
    expect(fieldLabel('icp.countries.3')).toBe('ICP, countries');
    expect(fieldLabel('talkingPoints.0.pain')).toBe('talkingPoints, 0, pain');
    expect(fieldLabel('icp.countries')).toBe('ICP, countries');
  });

  it("reads every field a refusal names onto the charter, each with its own words", () => {
    const refusal = {
      code: 'INVALID_INPUT',
      field: 'charter.reviewEveryDays',
      message: 'charter.reviewEveryDays: Too small: expected number to be >0 (and 1 more)',
      problems: [
        { field: 'charter.reviewEveryDays', message: 'Too small: expected number to be >0' },
        { field: 'charter.sla.tiers.high', message: 'Too small: expected number to be >0' },
      ],
    };
    expect(charterFieldError(refusal)).toEqual({ path: 'reviewEveryDays', message: 'Too small: expected number to be >0' });
    const errors = charterFieldErrors(refusal);
    expect(errors.map((e) => e.path)).toEqual(['reviewEveryDays', 'sla.tiers.high']);
    expect(errorFor(errors, 'sla.tiers')?.path).toBe('sla.tiers.high');
  });
});

describe('the review banner', () => {
  // In the viewer's zone: the days are calendar days there.
  const at = (day: number, hour: number) => new Date(2026, 11, day, hour).toISOString();
  const now = new Date(at(5, 10));
  it('is silent more than two weeks ahead, warns within two weeks, and says when it is overdue', () => {
    expect(reviewStatus(at(19, 11), now)).toEqual({ state: 'later' });
    expect(reviewStatus(at(19, 10), now)).toEqual({ state: 'due', days: 14 });
    expect(reviewBannerText(reviewStatus(at(7, 9), now), '7 Dec 2026')).toBe('The charter’s review is due on 7 Dec 2026, in 2 days.');
    expect(reviewBannerText(reviewStatus(at(5, 12), now), '5 Dec 2026')).toBe('The charter’s review is due on 5 Dec 2026, today.');
    expect(reviewBannerText(reviewStatus(at(5, 9), now), '5 Dec 2026')).toBe('The charter’s review is overdue: it was due on 5 Dec 2026, earlier today.');
    expect(reviewBannerText(reviewStatus(at(1, 11), now), '1 Dec 2026')).toBe('The charter’s review is overdue: it was due on 1 Dec 2026, 4 days ago.');
  });
});

describe('the backtest cells', () => {
  it('signs changes and lists accepted, rejected, then each reason', () => {
    expect([signed(3), signed(-2), signed(0)]).toEqual(['+3', '−2', '0']);
    const count = (total: number, active: number, proposed: number) => ({ total, notReachingSales: { active, proposed } });
    const rows = decisionRows({
      decisions: { undecided: 1, accepted: count(5, 0, 1), rejected: { ...count(2, 1, 2), byReason: [{ reasonId: 'no_budget', label: 'No budget', ...count(2, 1, 2) }] } },
    } as never);
    expect(rows).toEqual([
      ['Accepted', '5', '0', '1', '+1'],
      ['Rejected', '2', '1', '2', '+1'],
      ['Rejected: No budget', '2', '1', '2', '+1'],
    ]);
  });
});
