import { describe, expect, it } from 'vitest';
import {
  atCapacity,
  changeText,
  leftOutText,
  loadCells,
  ownerChanges,
  PREVIEW_CSV_HEADER,
  previewCsvRows,
  previewLeadCells,
  previewSummary,
  routeText,
  skipTexts,
} from '../../extension/charter/routing-preview-view';
import { dealtSentence, formatPoints, poolInWords, poolTitle, shareCells, shareDifference, SHARES_CSV_HEADER, sharesCsvRows } from '../../extension/dashboard/routing-shares-view';
import type { TRoutingPreviewLead, TRoutingShares } from '../../extension/lib/types';
import { toCsv } from '../../extension/ui/csv';

// The dashboard's routing shares and the studio's routing preview as text: rates and the gap
// in points, the pools named, the rule and the skips in words, a change of hands marked.

const SHARES: TRoutingShares = {
  pools: [
    {
      rule: 'EMEA',
      territory: null,
      inCharter: true,
      dealt: 5,
      reps: [
        { userId: 'ben', name: 'Ben Ode', weight: 3, dealt: 4, share: 0.8, weightShare: 0.75 },
        { userId: 'ana', name: '=Ana\u202E Ruiz', weight: 1, dealt: 1, share: 0.2, weightShare: 0.25 },
      ],
    },
    { rule: 'Old rule', territory: null, inCharter: false, dealt: 0, reps: [{ userId: 'cy', name: 'Cy Young', weight: 2, dealt: 0, share: null, weightShare: 1 }] },
    { rule: 'Territory', territory: 'US', inCharter: true, dealt: 2, reps: [{ userId: 'dan', name: 'Dan Whitaker', weight: 1, dealt: 2, share: 1, weightShare: 1 }] },
    { rule: null, territory: null, inCharter: true, dealt: 1, reps: [{ userId: 'cy', name: 'Cy Young', weight: 2, dealt: 1, share: 1, weightShare: 1 }] },
  ],
};

describe('the routing shares', () => {
  it('names each pool, a rule gone from the charter said so', () => {
    expect(SHARES.pools.map(poolTitle)).toEqual(['Rule “EMEA”', 'Rule “Old rule” (no longer in the charter)', 'Rule “Territory”, US', 'Fallback pool']);
    expect(SHARES.pools.map(dealtSentence)).toEqual(['5 leads dealt since the pool began', '0 leads dealt since the pool began', '2 leads dealt since the pool began', '1 lead dealt since the pool began']);
  });

  it('writes the share against the weight’s share and the gap in points, with its sign, a dash without a share', () => {
    expect(SHARES.pools[0]!.reps.map(shareCells)).toEqual([
      ['Ben Ode', '3', '4', '80%', '75%', '+5 pts'],
      ['=Ana Ruiz', '1', '1', '20%', '25%', '−5 pts'],
    ]);
    expect(shareCells(SHARES.pools[1]!.reps[0]!)).toEqual(['Cy Young', '2', '0', '—', '100%', '—']);
    expect(shareDifference({ share: 0.5, weightShare: 0.5 })).toBe(0);
    expect(formatPoints(0)).toBe('0 pts');
    expect(formatPoints(1 / 3 - 0.25)).toBe('+8.3 pts');
    expect(formatPoints(-0.0004)).toBe('0 pts');
    expect(poolInWords(SHARES.pools[0]!)).toBe('Ben Ode: 80% of the leads, 75% by weight; =Ana Ruiz: 20% of the leads, 25% by weight');
  });

  it('downloads every pool’s reps as numbers, the fallback told from a rule, text made inert', () => {
    const csv = toCsv(SHARES_CSV_HEADER, sharesCsvRows(SHARES)).trim().split('\n');
    expect(csv).toEqual([
      'Pool,Rule,In the charter,Rep,Weight,Leads dealt,Share,Weight’s share,Difference',
      'rule,EMEA,yes,Ben Ode,3,4,0.8,0.75,0.05',
      "rule,EMEA,yes,'=Ana\u202E Ruiz,1,1,0.2,0.25,-0.05",
      'rule,Old rule,no,Cy Young,2,0,,1,',
      'rule,Territory (US),yes,Dan Whitaker,1,2,1,1,0',
      'fallback,,yes,Cy Young,2,1,1,1,0',
    ]);
  });
});

const lead = (overrides: Partial<TRoutingPreviewLead>): TRoutingPreviewLead => ({
  leadId: 'l1',
  email: 'hana@acme.example',
  name: 'Hana Hot',
  company: 'Acme',
  owner: { id: 'ana', name: 'Ana Ruiz' },
  route: { by: 'rule', rule: 'EMEA', skipped: [] },
  heldBy: { id: 'ana', name: 'Ana Ruiz' },
  ...overrides,
});

describe('the routing preview', () => {
  it('says who would get the lead and why, the skips in words, and whether it changes hands', () => {
    const moving = lead({
      owner: { id: 'ben', name: 'Ben Ode' },
      route: { by: 'fallback', rule: 'EMEA', skipped: [{ userId: 'ana', name: 'Ana Ruiz', reason: 'out_of_office', until: '2027-01-02' }], nobodyWorkingNow: true },
    });
    expect(previewLeadCells(moving)).toEqual(['Hana Hot', 'Ben Ode', 'The fallback pool (rule "EMEA" had nobody available) (nobody in the pool was in working hours)', 'Ana Ruiz', 'Moves']);
    expect(skipTexts(moving)).toEqual(['Ana Ruiz: out of office until Jan 2']);
    expect(ownerChanges(moving)).toBe(true);

    expect(previewLeadCells(lead({}))).toEqual(['Hana Hot', 'Ana Ruiz', 'Rule "EMEA"', 'Ana Ruiz', 'Stays']);
    const nobody = lead({ name: null, owner: null, route: null });
    expect(previewLeadCells(nobody)).toEqual(['hana@acme.example', 'Nobody available', 'No rep of the pools could take it', 'Ana Ruiz', 'Moves']);
    expect(routeText(nobody)).toBe('No rep of the pools could take it');
    const unheld = lead({ heldBy: null });
    expect([ownerChanges(unheld), changeText(unheld)]).toEqual([false, '—']);

    expect(previewSummary({ leads: [moving, lead({}), nobody] })).toBe('3 leads: 2 would change hands, 1 nobody could take.');
    expect(previewSummary({ leads: [lead({})] })).toBe('1 lead: 0 would change hands.');
  });

  it('tells how many leads were left out, only when some were', () => {
    expect(leftOutText(0)).toBeNull();
    expect(leftOutText(1)).toBe('1 more lead handed over in the range left out: the preview takes the most recent.');
    expect(leftOutText(120)).toBe('120 more leads handed over in the range left out: the preview takes the most recent.');
  });

  it('writes the load per rep, the capacity said reached once the open and the new meet it', () => {
    const row = { userId: 'ana', name: 'Ana Ruiz', weight: 2, capacity: 10, openNow: 7, wouldGet: 2 };
    expect(loadCells(row)).toEqual(['Ana Ruiz', '2', '7', '2', '10']);
    expect(atCapacity(row)).toBe(false);
    expect(loadCells({ ...row, wouldGet: 3 })).toEqual(['Ana Ruiz', '2', '7', '3', '10, reached']);
    expect(loadCells({ ...row, capacity: null })[4]).toBe('no limit');
  });

  it('downloads the leads with the route, the skips and the change, text made inert', () => {
    const rows = previewCsvRows({ leads: [lead({ company: '+Acme', owner: null, route: null }), lead({ heldBy: null })] });
    expect(toCsv(PREVIEW_CSV_HEADER, rows).trim().split('\n')).toEqual([
      'Lead e-mail,Lead name,Company,Would go to,Why,Skipped,Holds it today,Change',
      "hana@acme.example,Hana Hot,'+Acme,,No rep of the pools could take it,,Ana Ruiz,Moves",
      'hana@acme.example,Hana Hot,Acme,Ana Ruiz,"Rule ""EMEA""",,,',
    ]);
  });
});
