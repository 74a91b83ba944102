import { describe, expect, it } from 'vitest';
import { DEFAULT_CHARTER } from '../../shared/charter';
import { setIn } from '../../shared/set-in';
import { charterChanges } from '../../extension/charter/charter-diff';
import { leadText, sourceText } from '../../extension/charter/review-view';
import { backtestLines, estimateText, triggerText } from '../../extension/charter/suggestions-view';
import type { TCharterSuggestion } from '../../extension/lib/types';

// The studio's suggestions in words, and what applying one shows in the draft's changes.

const INTENT: TCharterSuggestion = {
  reasonId: 'no_intent',
  label: 'No real intent',
  criterion: 'intent',
  source: null,
  rejections: 2,
  ofRejections: 5,
  share: 0.4,
  change: { summary: 'Raise the SQL threshold for intent from medium to high.', edits: [{ path: 'thresholds.sql.intent', value: 'high' }], estimate: null },
  note: null,
  backtest: { sql: { active: 10, proposed: 4, change: -6 }, sourceSql: null, accepted: { total: 3, keptFromSales: 2 }, rejected: { total: 5, keptFromSales: 3 }, forReason: { total: 2, keptFromSales: 2 } },
};

describe('charter suggestions in words', () => {
  it('says what triggered a suggestion and what its backtest found', () => {
    expect(triggerText(INTENT)).toBe('“No real intent”: 40% of the rejections (2 of 5), all sources');
    expect(triggerText({ ...INTENT, source: 'paid_search', rejections: 1, ofRejections: 3, share: 1 / 3 })).toBe('“No real intent”: 33% of the rejections (1 of 3), source “paid_search”');
    expect(backtestLines(INTENT)).toEqual([
      'SQLs over the range: 10 now, 4 with the change.',
      'Not sent to sales: 2 of the 2 “No real intent” rejections, 3 of all 5 rejections.',
      'Good leads lost: 2 of the 3 accepted handovers.',
    ]);
    expect(estimateText(INTENT)).toBeNull();
    expect(estimateText({ ...INTENT, change: { ...INTENT.change!, estimate: { rejectionsForReason: 1, accepted: 0 } } })).toBe('Among these handovers it would have kept 1 such rejection and 0 accepted leads from sales.');
    expect(backtestLines({ ...INTENT, change: null, backtest: null })).toEqual([]);
  });

  it("a suggestion applied to the draft shows in the draft's changes, a title override in words", () => {
    const intent = setIn(DEFAULT_CHARTER, 'thresholds.sql.intent', 'high');
    expect(charterChanges(DEFAULT_CHARTER, intent).map((c) => c.text)).toEqual(['SQL threshold, intent: medium → high']);
    const override = setIn(DEFAULT_CHARTER, 'authority.overrides', [{ pattern: '\\bit\\b', level: 'influencer', label: 'Sales turns titles with “it” down.' }]);
    expect(charterChanges(DEFAULT_CHARTER, override).map((c) => c.text)).toEqual(['Title overrides: added “\\bit\\b” as influencer']);
  });
});

describe('the review queue in words', () => {
  it('says what a lead came with on one line, without bidirectional overrides', () => {
    const lead = { name: 'Eve\u202Egnihtemos', title: 'VP\nSales', company: 'Acme', source: 'web\u202Einar', sourceRecord: { sqls: 2, won: 1 } };
    expect(leadText(lead)).toBe('Evegnihtemos (VP Sales · Acme)');
    expect(sourceText(lead)).toBe('webinar: 2 SQLs, 1 won in a year');
  });
});
