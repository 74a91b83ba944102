import { describe, expect, it } from 'vitest';
import { missesText, reviewCells, sourceText, whyText } from '../../extension/charter/review-view';
import type { TReviewLead } from '../../extension/lib/types';

// The review queue's cells in words: why a lead waits, what it misses, its source's year.

const JUST_SHORT: TReviewLead = {
  leadId: 'L1',
  name: 'Ada Lovelace',
  email: 'ada@acme.example',
  title: 'VP Sales',
  company: 'Acme',
  source: 'webinar',
  levels: { fit: 'in_icp', engagement: 'high', intent: 'low', authority: 'decision_maker' },
  reasons: ['shortOfSql'],
  misses: [{ criterion: 'intent', level: 'low', needed: 'medium' }],
  short: { criterion: 'intent', level: 'low', needed: 'medium' },
  scoredAt: '2026-05-31T10:00:00.000Z',
  sourceRecord: { sqls: 12, won: 2 },
};

const UNPROVEN: TReviewLead = {
  ...JUST_SHORT,
  source: 'podcast',
  levels: { fit: 'in_icp', engagement: 'high', intent: 'none', authority: 'influencer' },
  reasons: ['unprovenSource'],
  misses: [
    { criterion: 'intent', level: 'none', needed: 'medium' },
    { criterion: 'authority', level: 'influencer', needed: 'decision_maker' },
  ],
  short: { criterion: 'intent', level: 'none', needed: 'medium' },
  sourceRecord: { sqls: 1, won: 0 },
};

describe('the review queue in words', () => {
  it('says why each lead waits and every threshold it misses', () => {
    expect(reviewCells(JUST_SHORT, () => '31 May')).toEqual(['Ada Lovelace (VP Sales · Acme)', 'One level short of SQL', 'webinar: 12 SQLs, 2 won in a year', 'Intent low, SQL asks medium', '31 May']);
    expect(whyText(UNPROVEN)).toBe('Source not proven');
    expect(missesText(UNPROVEN)).toBe('Intent none, SQL asks medium; Authority influencer, SQL asks decision-maker');
    expect(sourceText(UNPROVEN)).toBe('podcast: no deal won in a year (1 SQL)');
    expect(whyText({ reasons: ['shortOfSql', 'unprovenSource'] })).toBe('One level short of SQL; Source not proven');
  });
});
