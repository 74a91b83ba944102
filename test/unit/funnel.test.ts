import { describe, expect, it } from 'vitest';
import { funnelPosition, todaysSignals, type TFunnelRecord } from '../../shared/funnel';

const CREATED = '2026-09-01T10:00:00.000Z';
const MQL = '2026-09-10T10:00:00.000Z';
const SQL = '2026-09-20T10:00:00.000Z';
const DECIDED = '2026-09-21T10:00:00.000Z';
const OPPORTUNITY = '2026-10-01T10:00:00.000Z';
const WON = '2026-11-15T10:00:00.000Z';
const LOST = '2026-11-16T10:00:00.000Z';
const HANDED_AGAIN = '2026-11-02T10:00:00.000Z';

const base: TFunnelRecord = {
  createdAt: CREATED,
  stage: 'lead',
  status: 'active',
  mqlAt: null,
  sqlAt: null,
  opportunityAt: null,
  wonAt: null,
  lostAt: null,
  handover: null,
  decision: null,
};
const handedOver = { startedAt: SQL, state: 'open' } as const;
const sql = { ...base, stage: 'sql', mqlAt: MQL, sqlAt: SQL, handover: handedOver } as const satisfies TFunnelRecord;
const accepted = { ...sql, status: 'accepted', handover: { startedAt: SQL, state: 'accepted' }, decision: { kind: 'accepted', decidedAt: DECIDED } } as const satisfies TFunnelRecord;

describe('the funnel position as recorded', () => {
  it.each<[string, TFunnelRecord, string, string | null]>([
    ['a new lead', base, 'lead', CREATED],
    ['an MQL', { ...base, stage: 'mql', mqlAt: MQL }, 'mql', MQL],
    ['an SQL handed over, awaiting a decision', sql, 'sql', SQL],
    ['an SQL reached directly (no MQL date)', { ...sql, mqlAt: null }, 'sql', SQL],
    ['an SQL without a recorded date', { ...sql, sqlAt: null }, 'sql', SQL],
    ['an MQL handed over at MQL (the charter says so)', { ...base, stage: 'mql', mqlAt: MQL, handover: { startedAt: MQL, state: 'open' } }, 'mql', MQL],
    ['accepted by the rep', accepted, 'accepted', DECIDED],
    ['rejected back to nurture', { ...sql, status: 'nurture', handover: { startedAt: SQL, state: 'rejected' }, decision: { kind: 'rejected', decidedAt: DECIDED } }, 'nurture', DECIDED],
    ['rejected for good', { ...sql, status: 'disqualified', handover: { startedAt: SQL, state: 'rejected' }, decision: { kind: 'rejected', decidedAt: DECIDED } }, 'disqualified', DECIDED],
    ['handed over again after nurture', { ...sql, status: 'active', handover: { startedAt: HANDED_AGAIN, state: 'open' } }, 'sql', HANDED_AGAIN],
    ['an opportunity', { ...accepted, opportunityAt: OPPORTUNITY }, 'opportunity', OPPORTUNITY],
    ['an opportunity opened in the CRM with no rep decision', { ...sql, status: 'accepted', opportunityAt: OPPORTUNITY, handover: { startedAt: SQL, state: 'accepted' } }, 'opportunity', OPPORTUNITY],
    ['a customer', { ...accepted, opportunityAt: OPPORTUNITY, wonAt: WON }, 'customer', WON],
    ['a customer whose score has decayed to a lead', { ...accepted, stage: 'sql', opportunityAt: OPPORTUNITY, wonAt: WON }, 'customer', WON],
    ['lost', { ...accepted, opportunityAt: OPPORTUNITY, lostAt: LOST }, 'lost', LOST],
    ['won after an earlier loss', { ...accepted, opportunityAt: OPPORTUNITY, lostAt: '2026-10-05T10:00:00.000Z', wonAt: WON }, 'customer', WON],
    ['lost after being won (churned)', { ...accepted, opportunityAt: OPPORTUNITY, wonAt: '2026-10-05T10:00:00.000Z', lostAt: LOST }, 'lost', LOST],
    ['a customer imported with its won date only', { ...base, wonAt: WON }, 'customer', WON],
  ])('%s', (_name, record, position, since) => {
    expect(funnelPosition(record)).toMatchObject({ position, since });
  });

  it('labels each position for a rep', () => {
    expect(funnelPosition({ ...accepted, opportunityAt: OPPORTUNITY, wonAt: WON }).label).toBe('Customer');
    expect(funnelPosition({ ...sql, status: 'nurture', handover: { startedAt: SQL, state: 'rejected' }, decision: { kind: 'rejected', decidedAt: DECIDED } }).label).toBe(
      'Rejected → nurture',
    );
    expect(funnelPosition(accepted).label).toBe('Accepted by sales');
  });
});

describe('today’s signals, labelled as such', () => {
  it.each([
    ['lead', 'Today’s signals are below the MQL thresholds'],
    ['mql', 'Today’s signals would make it an MQL'],
    ['sql', 'Today’s signals would make it an SQL'],
  ] as const)('%s', (stage, text) => {
    expect(todaysSignals(stage)).toEqual({ stage, text });
  });
});
