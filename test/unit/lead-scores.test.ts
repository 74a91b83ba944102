import { describe, expect, it } from 'vitest';
import { DEFAULT_CHARTER } from '../../shared/charter';
import { evaluateLead, type TEvaluation } from '../../shared/scoring/evaluate';
import type { TStage, TStagePath } from '../../shared/scoring/stage';
import { scoreOutcome } from '../../server/domain/lead-scores';
import { daysBefore, event, icpLead } from '../support/builders';

const at = new Date('2026-11-20T12:00:00Z');
const nowIso = at.toISOString();
const version = DEFAULT_CHARTER.version;

/** An in-ICP influencer with medium engagement: an MQL by the default charter. */
const mql = evaluateLead({
  lead: icpLead({ title: 'Marketing Manager' }),
  events: [event('content_download', daysBefore(at, 2), { asset: 'Lead scoring guide' }), event('email_click', daysBefore(at, 1), { asset: 'Newsletter' })],
  charter: DEFAULT_CHARTER,
  at,
});

/** The same evaluation, reaching another stage (its MQL checks all met, or not). */
function reaching(stage: TStage, path: TStagePath | null, mqlChecksMet = true): TEvaluation {
  return { ...mql, stage: { ...mql.stage, stage, path, checks: { ...mql.stage.checks, mql: mql.stage.checks.mql.map((c) => ({ ...c, met: mqlChecksMet })) } } };
}

/** A stored lead scored as `evaluation` says, at `stage`. */
function stored(evaluation: TEvaluation, stage: TStage, dates: { mqlAt?: string; sqlAt?: string } = {}) {
  const { criteria } = evaluation;
  return {
    id: 'lead-1',
    stage,
    mqlAt: dates.mqlAt ?? null,
    sqlAt: dates.sqlAt ?? null,
    fitLevel: criteria.fit.level,
    engagementLevel: criteria.engagement.level,
    intentLevel: criteria.intent.level,
    authorityLevel: criteria.authority.level,
    charterVersion: version,
  };
}

describe('scoreOutcome (what a rescore writes on a lead row)', () => {
  it('rewrites nothing but the scoring instant when the levels, the charter version and the stage stay', () => {
    expect(mql.stage.stage).toBe('mql');
    expect(scoreOutcome(stored(mql, 'mql', { mqlAt: '2026-11-01T00:00:00.000Z' }), mql, version, nowIso)).toEqual({ advance: undefined, row: undefined });
  });

  it('rewrites the levels when one changed, or under another charter version, leaving the stage and its dates', () => {
    const lead = { ...stored(mql, 'mql'), intentLevel: 'high' };
    const { advance, row } = scoreOutcome(lead, mql, version, nowIso);
    expect(advance).toBeUndefined();
    expect(row).toEqual({ id: 'lead-1', fitLevel: lead.fitLevel, engagementLevel: lead.engagementLevel, intentLevel: mql.criteria.intent.level, authorityLevel: lead.authorityLevel, stage: null, stagePath: null, mqlAt: null, sqlAt: null });
    expect(scoreOutcome(stored(mql, 'mql'), mql, version + 1, nowIso).row).toMatchObject({ stage: null, mqlAt: null });
  });

  it('moves a lead forward and dates its first MQL, keeping a date it already had', () => {
    expect(scoreOutcome(stored(mql, 'lead'), mql, version, nowIso)).toMatchObject({ advance: { from: 'lead', to: 'mql', path: 'standard' }, row: { stage: 'mql', stagePath: 'standard', mqlAt: nowIso, sqlAt: null } });
    expect(scoreOutcome(stored(mql, 'lead', { mqlAt: '2026-10-01T00:00:00.000Z' }), mql, version, nowIso).row).toMatchObject({ stage: 'mql', mqlAt: null });
  });

  it('dates both the MQL and the SQL of a lead meeting every threshold, and only the SQL of a direct SQL', () => {
    expect(scoreOutcome(stored(mql, 'lead'), reaching('sql', 'standard'), version, nowIso).row).toMatchObject({ stage: 'sql', mqlAt: nowIso, sqlAt: nowIso });
    expect(scoreOutcome(stored(mql, 'lead'), reaching('sql', 'direct'), version, nowIso).row).toMatchObject({ stage: 'sql', stagePath: 'direct', mqlAt: null, sqlAt: nowIso });
    expect(scoreOutcome(stored(mql, 'lead'), reaching('sql', 'standard', false), version, nowIso).row).toMatchObject({ mqlAt: null, sqlAt: nowIso });
  });

  it('never moves a lead back: an SQL scored as an MQL or a lead stays an SQL', () => {
    expect(scoreOutcome(stored(mql, 'sql'), mql, version, nowIso)).toEqual({ advance: undefined, row: undefined });
    expect(scoreOutcome({ ...stored(mql, 'sql'), engagementLevel: 'high' }, reaching('lead', null), version, nowIso)).toMatchObject({ advance: undefined, row: { stage: null, stagePath: null } });
  });
});
