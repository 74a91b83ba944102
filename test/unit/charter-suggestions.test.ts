import { describe, expect, it } from 'vitest';
import { DEFAULT_CHARTER, ZCharter, type TCharter } from '../../shared/charter';
import { classifyTitle } from '../../shared/authority';
import { proposeChanges, triggers, type TDecidedGroup } from '../../server/domain/suggestions/propose';

// The feedback loop's proposals from decided handovers, worked out by hand. Every group is
// in the default charter's ICP (50–2,000 employees, software) unless it says otherwise.

function group(kind: 'accepted' | 'rejected', count: number, more: Partial<TDecidedGroup> = {}): TDecidedGroup {
  return { source: 'webinar', kind, reasonId: null, employees: 400, industry: 'Software', title: 'VP Sales', count, ...more };
}
const rejected = (reasonId: string, count: number, more: Partial<TDecidedGroup> = {}) => group('rejected', count, { reasonId, ...more });
const accepted = (count: number, more: Partial<TDecidedGroup> = {}) => group('accepted', count, more);
const THRESHOLDS = { minShare: 0.2, minRejections: 3 };

describe('charter suggestions: which reasons call for a change', () => {
  it('a reason at or past the share of a group’s rejections, overall and by source, with enough rejections', () => {
    const groups = [
      accepted(20),
      rejected('no_intent', 4, { source: 'webinar' }),
      rejected('no_intent', 1, { source: 'paid_search' }),
      rejected('no_authority', 3, { source: 'paid_search' }),
      rejected('duplicate', 2, { source: 'webinar' }),
    ];
    // Overall: 10 rejections; no_intent 5 (50 %), no_authority 3 (30 %), duplicate 2 (< 3 rejections).
    // webinar: 6 rejections; no_intent 4 (67 %); duplicate 2 (too few). paid_search: 4;
    // no_authority 3 (75 %), every one of them: the overall trigger says it already.
    expect(triggers(groups, THRESHOLDS)).toEqual([
      { reasonId: 'no_intent', source: null, rejections: 5, ofRejections: 10, share: 0.5 },
      { reasonId: 'no_authority', source: null, rejections: 3, ofRejections: 10, share: 0.3 },
      { reasonId: 'no_intent', source: 'webinar', rejections: 4, ofRejections: 6, share: 4 / 6 },
    ]);
  });

  it('a group with fewer rejections than the least asked for raises nothing, whatever the shares', () => {
    expect(triggers([accepted(5), rejected('no_intent', 2)], THRESHOLDS)).toEqual([]);
    const found = triggers([rejected('no_intent', 2), rejected('no_budget', 8)], { minShare: 0.3, minRejections: 1 });
    expect(found.map((t) => t.reasonId)).toEqual(['no_budget']);
  });
});

describe('charter suggestions: the change each reason calls for', () => {
  const only = (groups: TDecidedGroup[], charter: TCharter = DEFAULT_CHARTER) => {
    const [proposal, ...rest] = proposeChanges(groups, charter, THRESHOLDS);
    expect(rest.filter((p) => p.trigger.source === null)).toEqual([]);
    return proposal!;
  };

  it('wrong size: the bound that keeps the most of those rejections from sales, net of accepted leads', () => {
    // Rejected at 60 (3) and 80 (3); accepted at 70 (1) and 300 (5). Minimum 61 keeps out 3 − 0;
    // 81 keeps out 6 − 1 = 5; a lower maximum keeps out at best 6 − 6 = 0.
    const proposal = only([
      rejected('wrong_company_size', 3, { employees: 60 }),
      rejected('wrong_company_size', 3, { employees: 80 }),
      accepted(1, { employees: 70 }),
      accepted(5, { employees: 300 }),
    ]);
    expect(proposal.change).toEqual({
      summary: "Raise the ICP's minimum company size from 50 to 81 employees: smaller companies score as borderline and stop reaching sales as SQLs.",
      edits: [{ path: 'icp.employees.min', value: 81 }],
      estimate: { rejectionsForReason: 6, accepted: 1 },
    });
  });

  it('a misfit industry: the target industries where those rejections outnumber the accepted leads go to the adjacent ones', () => {
    const proposal = only([rejected('icp_misfit', 4, { industry: 'Financial services' }), accepted(1, { industry: 'Financial Services' }), accepted(10, { industry: 'Software' })]);
    const industries = DEFAULT_CHARTER.icp.industries.filter((i) => i !== 'Financial Services');
    expect(proposal.change?.edits).toEqual([
      { path: 'icp.industries', value: industries },
      { path: 'icp.borderlineIndustries', value: [...DEFAULT_CHARTER.icp.borderlineIndustries, 'Financial Services'] },
    ]);
    expect(proposal.change?.estimate).toEqual({ rejectionsForReason: 4, accepted: 1 });
  });

  it('no fit rule separates the rejections from the accepted leads: said in words, no change', () => {
    const proposal = only([rejected('wrong_company_size', 3, { employees: 400 }), accepted(3, { employees: 400 })]);
    expect(proposal.change).toBeNull();
    expect(proposal.note).toMatch(/No company size bound or target industry separates/);
  });

  it('wrong persona: the title word that marks the rejected titles becomes an override one level under the SQL threshold', () => {
    // "it": 5 rejected, 0 accepted; "director": 5 rejected, 4 accepted.
    const proposal = only([
      rejected('no_authority', 3, { title: 'IT Director' }),
      rejected('no_authority', 2, { title: 'Director of IT' }),
      accepted(4, { title: 'Sales Director' }),
      accepted(3, { title: 'VP Sales' }),
    ]);
    expect(proposal.change?.edits).toEqual([
      { path: 'authority.overrides', value: [{ pattern: '\\bit\\b', level: 'influencer', label: 'Sales turns titles with “it” down as “Wrong role / no authority”.' }] },
    ]);
    expect(proposal.change?.estimate).toEqual({ rejectionsForReason: 5, accepted: 0 });
    // The override does what it says once in a charter: an IT director is an influencer, a sales director is not.
    const charter = ZCharter.parse({ ...DEFAULT_CHARTER, authority: { ...DEFAULT_CHARTER.authority, overrides: proposal.change!.edits[0]!.value } });
    expect(classifyTitle('IT Director', charter.authority.overrides).level).toBe('influencer');
    expect(classifyTitle('Sales Director', charter.authority.overrides).level).toBe('decision_maker');
  });

  it('wrong persona with no title word to go by: the SQL threshold raised, or words when it is at the top', () => {
    const groups = [rejected('no_authority', 3, { title: 'VP Sales' }), accepted(5, { title: 'VP Sales' })];
    const lower = { ...DEFAULT_CHARTER, thresholds: { ...DEFAULT_CHARTER.thresholds, sql: { ...DEFAULT_CHARTER.thresholds.sql, authority: 'influencer' as const } } };
    expect(only(groups, lower).change?.edits).toEqual([{ path: 'thresholds.sql.authority', value: 'decision_maker' }]);
    const top = only(groups);
    expect(top.change).toBeNull();
    expect(top.note).toMatch(/already asks for a decision-maker/);
  });

  it('no real intent: the SQL intent threshold one level up; a reason that drops leads out of the funnel sends them to nurture instead', () => {
    expect(only([rejected('no_intent', 3), accepted(3)]).change).toEqual({
      summary: 'Raise the SQL threshold for intent from medium to high.',
      edits: [{ path: 'thresholds.sql.intent', value: 'high' }],
      estimate: null,
    });
    const reasons = DEFAULT_CHARTER.rejectionReasons.map((r) => (r.id === 'no_budget' ? { ...r, returnsToNurture: false } : r));
    const index = reasons.findIndex((r) => r.id === 'no_budget');
    const nurture = only([rejected('no_budget', 3)], { ...DEFAULT_CHARTER, rejectionReasons: reasons });
    expect(nurture.change?.edits).toEqual([{ path: `rejectionReasons.${index}.returnsToNurture`, value: true }]);
  });

  it('data problems and rejections without a reason: words, no change', () => {
    expect(only([rejected('duplicate', 3)]).note).toMatch(/data problem/);
    const unexplained = only([group('rejected', 3, { reasonId: null })]);
    expect(unexplained.reason).toBeNull();
    expect(unexplained.note).toMatch(/without a reason/);
  });
});
