import { describe, expect, it } from 'vitest';
import { DEFAULT_CHARTER, ZCharter } from '../../shared/charter';
import { evaluateLead } from '../../shared/scoring/evaluate';
import type { TEvent, TLead } from '../../shared/schemas';
import { daysBefore, event, icpLead } from '../support/builders';

const charter = DEFAULT_CHARTER;
const at = new Date('2026-11-20T12:00:00Z');
const company = icpLead().company!;

const evaluate = (lead: TLead, events: TEvent[], under = charter, when = at) =>
  evaluateLead({ lead, events, charter: under, at: when });

/** Two touchpoints on two channels: medium engagement, no intent. */
const mediumEngagement = () => [
  event('content_download', daysBefore(at, 2), { asset: 'Lead scoring guide' }),
  event('email_click', daysBefore(at, 1), { asset: 'Newsletter' }),
];
/** Four touchpoints over three channels and two pricing visits in a week: high, medium intent. */
const highEngagementMediumIntent = () => [
  event('content_download', daysBefore(at, 6), { asset: 'Lead scoring guide' }),
  event('webinar_attended', daysBefore(at, 5), { asset: 'Handoff webinar' }),
  event('pricing_view', daysBefore(at, 3)),
  event('pricing_view', daysBefore(at, 1)),
];

describe('stage rules (MQL, SQL, direct SQL, ABM)', () => {
  it('makes an MQL of an in-ICP influencer with medium engagement, and says what SQL still needs', () => {
    const result = evaluate(icpLead({ title: 'Marketing Manager' }), mediumEngagement());
    expect(result.stage.stage).toBe('mql');
    expect(result.stage.path).toBe('standard');
    expect(result.stage.missingForNext).toEqual([
      { criterion: 'engagement', required: 'high', actual: 'medium', met: false },
      { criterion: 'intent', required: 'medium', actual: 'none', met: false },
      { criterion: 'authority', required: 'decision_maker', actual: 'influencer', met: false },
    ]);
  });

  it('makes an SQL of an in-ICP decision-maker with high engagement and medium intent', () => {
    const result = evaluate(icpLead({ title: 'VP Sales' }), highEngagementMediumIntent());
    expect(result.stage).toMatchObject({ stage: 'sql', path: 'standard', missingForNext: [], reason: 'Meets every SQL threshold.' });
    expect(result.stage.checks.sql.every((c) => c.met)).toBe(true);
  });

  it('keeps high engagement with only a single pricing visit below SQL', () => {
    const events = highEngagementMediumIntent().slice(0, 3);
    events.push(event('email_click', daysBefore(at, 1), { asset: 'Case study' }));
    const result = evaluate(icpLead({ title: 'VP Sales' }), events);
    expect(result.criteria.engagement.level).toBe('high');
    expect(result.criteria.intent.level).toBe('low');
    expect(result.stage.stage).toBe('mql');
    expect(result.stage.missingForNext.map((c) => c.criterion)).toEqual(['intent']);
  });

  it('takes an ICP decision-maker who requests a demo straight to SQL (direct path)', () => {
    const result = evaluate(icpLead({ title: 'Chief Revenue Officer' }), [event('demo_request', daysBefore(at, 0.1), { form: 'demo' })]);
    expect(result.criteria.engagement.level).toBe('low');
    expect(result.stage.stage).toBe('sql');
    expect(result.stage.path).toBe('direct');
    expect(result.stage.reason).toBe('Direct SQL: an ICP decision-maker — Requested a demo.');
  });

  it('also takes a booked meeting as a direct path, but not a trial by default', () => {
    expect(evaluate(icpLead(), [event('meeting_booked', daysBefore(at, 1))]).stage.path).toBe('direct');
    expect(evaluate(icpLead(), [event('trial_signup', daysBefore(at, 1))]).stage.stage).toBe('lead');
  });

  it('does not take the direct path for an influencer or a borderline company', () => {
    const demo = () => [event('demo_request', daysBefore(at, 1))];
    expect(evaluate(icpLead({ title: 'Sales Manager' }), demo()).stage.stage).toBe('lead');
    const borderline = evaluate(icpLead({ company: { ...company, employees: 30 } }), demo());
    expect(borderline.stage.stage).toBe('lead');
  });

  it('never hands a borderline-fit company to sales, however hot: MQL at most', () => {
    const result = evaluate(icpLead({ company: { ...company, employees: 30 } }), highEngagementMediumIntent());
    expect(result.stage.stage).toBe('mql');
    expect(result.stage.missingForNext).toEqual([{ criterion: 'fit', required: 'in_icp', actual: 'borderline', met: false }]);
  });

  it('keeps a student researcher a lead whatever the engagement', () => {
    const result = evaluate(icpLead({ title: 'MBA Student' }), highEngagementMediumIntent());
    expect(result.criteria.authority.level).toBe('researcher');
    expect(result.stage.stage).toBe('lead');
  });

  it('makes any engaged contact at a target account an MQL (ABM), but SQL still needs authority', () => {
    const lead = icpLead({ targetAccount: true, title: 'Software Engineer', company: { ...company, employees: 12 } });
    const click = [event('email_click', daysBefore(at, 1), { asset: 'ABM invite' })];
    const mql = evaluate(lead, click);
    expect(mql.stage).toMatchObject({ stage: 'mql', path: 'target_account' });
    const hot = evaluate(lead, [...highEngagementMediumIntent(), event('demo_request', daysBefore(at, 0.5))]);
    expect(hot.stage.stage).toBe('mql');
    expect(hot.stage.missingForNext.map((c) => c.criterion)).toEqual(['authority']);
    expect(evaluate(lead, []).stage.stage).toBe('lead');
  });

  it('keeps a disqualified lead out of the funnel', () => {
    const withCompetitor = ZCharter.parse({ ...charter, disqualifiers: { internalDomains: [], competitorDomains: ['acme-analytics.com'] } });
    const result = evaluate(icpLead(), highEngagementMediumIntent(), withCompetitor);
    expect(result.stage.stage).toBe('lead');
    expect(result.stage.reason).toBe('Disqualified: see fit.');
  });

  it('follows the charter: a low-ACV charter accepts influencers as SQL', () => {
    const lowAcv = ZCharter.parse({
      ...charter,
      version: 2,
      thresholds: { ...charter.thresholds, sql: { ...charter.thresholds.sql, authority: 'influencer' } },
    });
    const manager = icpLead({ title: 'Sales Operations Manager' });
    expect(evaluate(manager, highEngagementMediumIntent()).stage.stage).toBe('mql');
    const result = evaluate(manager, highEngagementMediumIntent(), lowAcv);
    expect(result.stage.stage).toBe('sql');
    expect(result.charterVersion).toBe(2);
  });

  it('replays history: the same events scored a week earlier give the stage of that day', () => {
    const events = highEngagementMediumIntent();
    expect(evaluate(icpLead(), events).stage.stage).toBe('sql');
    const weekEarlier = new Date(at.getTime() - 7 * 24 * 3600_000);
    expect(evaluate(icpLead(), events, charter, weekEarlier).stage.stage).toBe('lead');
  });

  it('explains every criterion: level, points, thresholds side by side and signals', () => {
    const result = evaluate(icpLead(), highEngagementMediumIntent());
    for (const score of Object.values(result.criteria)) {
      expect(score.summary.length).toBeGreaterThan(10);
      expect(score.signals.length).toBeGreaterThan(0);
      expect(score.thresholds.mql).toBeDefined();
      expect(score.thresholds.sql).toBeDefined();
    }
    expect(result.stage.checks.mql).toHaveLength(4);
    expect(result.stage.checks.sql).toHaveLength(4);
    expect(result.at).toBe(at.toISOString());
  });
});
