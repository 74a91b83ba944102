import { describe, expect, it } from 'vitest';
import { pickFields, verdictOf, type TVerdictFacts } from '../../server/connectors/verdict';
import { DEFAULT_CHARTER, ZCharter } from '../../shared/charter';
import { VERDICT_FIELDS } from '../../shared/crm-write-back';

// The verdict the CRMs get is a function of stored facts: the stage with its path, the reason
// in one line against the charter's thresholds, and the SLA's outcome by the same rule the
// packet and the stats use (a touch exactly at the deadline meets it).

const lead = (overrides: Partial<TVerdictFacts['lead']> = {}): TVerdictFacts['lead'] => ({
  stage: 'mql',
  stagePath: 'standard',
  mqlAt: '2026-11-02T09:00:00.000Z',
  sqlAt: null,
  charterVersion: 3,
  levels: { fit: 'in_icp', engagement: 'high', intent: 'low', authority: 'influencer' },
  ...overrides,
});
const handover = (overrides: Partial<NonNullable<TVerdictFacts['handover']>> = {}): NonNullable<TVerdictFacts['handover']> => ({
  deadline: '2026-11-03T13:00:00.000Z',
  state: 'open',
  firstTouchAt: null,
  breachedAt: null,
  holderEmail: 'ines@handshake.test',
  ...overrides,
});

describe('verdictOf', () => {
  it('an MQL: its stage since its MQL date, and what it lacks for SQL in words', () => {
    expect(verdictOf({ lead: lead(), handover: null }, DEFAULT_CHARTER)).toEqual({
      stage: 'mql',
      stage_at: '2026-11-02T09:00:00.000Z',
      charter_version: 3,
      fit: 'in_icp',
      engagement: 'high',
      intent: 'low',
      authority: 'influencer',
      reason: 'MQL: meets every MQL threshold; short of SQL on intent low (needs medium), authority influencer (needs decision maker).',
      sla_deadline: null,
      sla_outcome: null,
      sla_holder: null,
    });
  });

  it('names the path: direct SQL, and an MQL at a target account', () => {
    expect(verdictOf({ lead: lead({ stage: 'sql', stagePath: 'direct', sqlAt: '2026-11-03T09:00:00.000Z' }), handover: handover() }, DEFAULT_CHARTER)).toMatchObject({
      stage: 'direct_sql',
      stage_at: '2026-11-03T09:00:00.000Z',
      sla_outcome: 'open',
      sla_holder: 'ines@handshake.test',
      sla_deadline: '2026-11-03T13:00:00.000Z',
    });
    expect(verdictOf({ lead: lead({ stagePath: 'target_account', levels: { fit: 'in_icp', engagement: 'low', intent: 'none', authority: 'end_user' } }), handover: null }, DEFAULT_CHARTER)).toMatchObject({
      stage: 'target_account',
      reason: expect.stringMatching(/^MQL at a target account \(ABM\): an engaged contact; short of SQL on engagement low \(needs high\)/) as unknown,
    });
    expect(verdictOf({ lead: lead({ stage: 'sql', stagePath: 'import' }), handover: null }, DEFAULT_CHARTER).stage).toBe('sql');
  });

  it('a lead: below which MQL thresholds, or outside the ICP; not scored yet', () => {
    const below = lead({ stage: 'lead', stagePath: null, mqlAt: null, levels: { fit: 'borderline', engagement: 'low', intent: 'none', authority: 'end_user' } });
    expect(verdictOf({ lead: below, handover: null }, DEFAULT_CHARTER)).toMatchObject({
      stage: 'lead',
      stage_at: null,
      reason: 'Lead: below the MQL thresholds on engagement low (needs medium), authority end user (needs influencer).',
    });
    expect(verdictOf({ lead: { ...below, levels: { ...below.levels, fit: 'out' } }, handover: null }, DEFAULT_CHARTER).reason).toBe('Lead: outside the ICP (fit out).');
    expect(verdictOf({ lead: { ...below, levels: { fit: null, engagement: null, intent: null, authority: null } }, handover: null }, DEFAULT_CHARTER).reason).toBe('Not scored yet.');
  });

  it('reads the reason against the charter that scored the lead', () => {
    const stricter = ZCharter.parse({ ...DEFAULT_CHARTER, thresholds: { ...DEFAULT_CHARTER.thresholds, sql: { ...DEFAULT_CHARTER.thresholds.sql, engagement: 'high', intent: 'high' } } });
    expect(verdictOf({ lead: lead(), handover: null }, stricter).reason).toMatch(/intent low \(needs high\)/);
  });

  it('the SLA: met at the deadline exactly, missed after it, breached untouched, rejected without contact', () => {
    const outcome = (h: Partial<NonNullable<TVerdictFacts['handover']>>) => verdictOf({ lead: lead(), handover: handover(h) }, DEFAULT_CHARTER).sla_outcome;
    expect(outcome({})).toBe('open');
    expect(outcome({ firstTouchAt: '2026-11-03T13:00:00.000Z' })).toBe('met');
    expect(outcome({ firstTouchAt: '2026-11-03T13:00:00.001Z', breachedAt: '2026-11-03T13:00:00.000Z' })).toBe('missed');
    expect(outcome({ breachedAt: '2026-11-03T13:00:00.000Z' })).toBe('breached');
    expect(outcome({ state: 'rejected' })).toBe('rejected_without_contact');
    expect(outcome({ state: 'rejected', firstTouchAt: '2026-11-03T10:00:00.000Z' })).toBe('met');
    expect(outcome({ state: 'accepted' })).toBe('open');
  });

  it('picks the fields asked for, in one order whatever the order asked', () => {
    const verdict = verdictOf({ lead: lead(), handover: null }, DEFAULT_CHARTER);
    expect(JSON.stringify(pickFields(verdict, ['sla_outcome', 'stage']))).toBe(JSON.stringify(pickFields(verdict, ['stage', 'sla_outcome'])));
    expect(Object.keys(pickFields(verdict, [...VERDICT_FIELDS]))).toEqual([...VERDICT_FIELDS]);
    expect(pickFields(verdict, [])).toEqual({});
  });
});

describe('the charter names the verdict fields each CRM gets', () => {
  it('all of them for a charter written before verdicts existed; each at most once; an unknown one refused by its path', () => {
    const { hubspot, ...others } = DEFAULT_CHARTER.crmWriteBack;
    const olderHubspot: Partial<typeof hubspot> = { ...hubspot };
    delete olderHubspot.verdict;
    expect(ZCharter.parse({ ...DEFAULT_CHARTER, crmWriteBack: { ...others, hubspot: olderHubspot } }).crmWriteBack.hubspot.verdict).toEqual([...VERDICT_FIELDS]);
    const twice = ZCharter.safeParse({ ...DEFAULT_CHARTER, crmWriteBack: { ...others, hubspot: { ...hubspot, verdict: ['stage', 'stage'] } } });
    expect(twice.success ? [] : twice.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['crmWriteBack.hubspot.verdict', 'each verdict field once']]);
    const unknown = ZCharter.safeParse({ ...DEFAULT_CHARTER, crmWriteBack: { ...others, hubspot: { ...hubspot, verdict: ['mood'] } } });
    expect(unknown.success ? [] : unknown.error.issues.map((i) => i.path.join('.'))).toEqual(['crmWriteBack.hubspot.verdict.0']);
  });
});
