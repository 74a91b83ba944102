import { describe, expect, it } from 'vitest';
import { DEFAULT_CHARTER, ZCharter } from '../../shared/charter';
import { scoreFit } from '../../shared/scoring/fit';
import { icpLead } from '../support/builders';

const charter = DEFAULT_CHARTER;
const company = icpLead().company!;

describe('fit (ICP match)', () => {
  it('is in ICP when size, industry, territory match, with points per dimension', () => {
    const fit = scoreFit(icpLead(), charter);
    expect(fit.level).toBe('in_icp');
    // employees 30 + industry 30 + country 20 + compatible stack 20
    expect(fit.points).toBe(100);
    expect(fit.signals.map((s) => s.rule)).toEqual(['icp.employees', 'icp.industry', 'icp.country', 'icp.techStack']);
    expect(fit.signals[0]!.label).toBe("400 employees: inside the ICP's 50–2,000.");
    expect(fit.meetsMql && fit.meetsSql).toBe(true);
  });

  it.each([
    [49, 'borderline', 'below the ICP minimum of 50'],
    [20, 'borderline', 'below the ICP minimum of 50'],
    [19, 'out', 'outside'],
    [50, 'in_icp', 'inside'],
    [2000, 'in_icp', 'inside'],
    [2001, 'borderline', 'above the ICP maximum of 2,000'],
    [5001, 'out', 'outside'],
  ] as const)('%i employees is %s', (employees, level, words) => {
    const fit = scoreFit(icpLead({ company: { ...company, employees } }), charter);
    expect(fit.level).toBe(level);
    expect(fit.signals[0]!.label).toContain(words);
  });

  it('gives half points in the borderline band and is MQL- but not SQL-eligible', () => {
    const fit = scoreFit(icpLead({ company: { ...company, employees: 30 } }), charter);
    expect(fit.signals[0]!.points).toBe(15);
    expect(fit.meetsMql).toBe(true);
    expect(fit.meetsSql).toBe(false);
    expect(fit.summary).toMatch(/^Borderline: 30 employees/);
  });

  it('matches industries whatever the CRM spelling', () => {
    for (const industry of ['COMPUTER_SOFTWARE', 'computer-software', 'Computer  Software', 'saas']) {
      expect(scoreFit(icpLead({ company: { ...company, industry } }), charter).level).toBe('in_icp');
    }
    expect(scoreFit(icpLead({ company: { ...company, industry: 'Telecommunications' } }), charter).level).toBe('borderline');
    const out = scoreFit(icpLead({ company: { ...company, industry: 'Mining & Metals' } }), charter);
    expect(out.level).toBe('out');
    expect(out.summary).toBe('Out of ICP: Mining & Metals: not a target industry.');
  });

  it('reads countries as codes or names, and rejects uncovered territories', () => {
    expect(scoreFit(icpLead({ company: { ...company, country: 'Deutschland' } }), charter).level).toBe('in_icp');
    expect(scoreFit(icpLead({ company: { ...company, country: 'United Kingdom' } }), charter).level).toBe('in_icp');
    const brazil = scoreFit(icpLead({ company: { ...company, country: 'BR' } }), charter);
    expect(brazil.level).toBe('out');
    expect(brazil.signals[2]!.label).toBe('Brazil: outside the covered territories.');
  });

  it('treats missing data as borderline and says what is missing', () => {
    const fit = scoreFit(icpLead({ company: { name: 'Acme' } }), charter);
    expect(fit.level).toBe('borderline');
    expect(fit.signals.map((s) => s.label)).toEqual(['Company size unknown (ICP: 50–2,000 employees).', 'Industry unknown.', 'Country unknown.']);
    expect(fit.points).toBe(0);
  });

  it('gives unknowns the benefit of the doubt when the charter says so, and says which were unknown', () => {
    const lenient = ZCharter.parse({ ...charter, icp: { ...charter.icp, unknownAs: 'in_icp' } });
    const sparse = scoreFit(icpLead({ company: { name: 'Acme', industry: 'SaaS' } }), lenient);
    expect(sparse.level).toBe('in_icp');
    expect(sparse.meetsSql).toBe(true);
    expect(sparse.summary).toBe(
      'In ICP on what is known (30 points), unknowns given the benefit of the doubt: Company size unknown (ICP: 50–2,000 employees). Country unknown.',
    );
    // What is known still counts: borderline stays borderline, out stays out.
    expect(scoreFit(icpLead({ company: { name: 'Acme', industry: 'Telecommunications' } }), lenient).level).toBe('borderline');
    expect(scoreFit(icpLead({ company: { name: 'Acme', country: 'BR' } }), lenient).level).toBe('out');
    // A charter written before the setting existed reads as the default.
    const withoutSetting = Object.fromEntries(Object.entries(charter.icp).filter(([key]) => key !== 'unknownAs'));
    expect(ZCharter.parse({ ...charter, icp: withoutSetting }).icp.unknownAs).toBe('borderline');
  });

  it('counts a compatible tech stack as points only, unless the charter requires one', () => {
    const noMatch = scoreFit(icpLead({ company: { ...company, techStack: ['Zoho'] } }), charter);
    expect(noMatch.level).toBe('in_icp');
    expect(noMatch.points).toBe(80);
    const strict = ZCharter.parse({ ...charter, icp: { ...charter.icp, techStack: { ...charter.icp.techStack, required: true } } });
    expect(scoreFit(icpLead({ company: { ...company, techStack: ['Zoho'] } }), strict).level).toBe('out');
    const unknownStack = { ...company };
    delete unknownStack.techStack;
    expect(scoreFit(icpLead({ company: unknownStack }), strict).level).toBe('borderline');
  });

  it('satisfies fit at account level for a target account (ABM)', () => {
    const fit = scoreFit(icpLead({ targetAccount: true, company: { ...company, employees: 10 } }), charter);
    expect(fit.level).toBe('in_icp');
    expect(fit.targetAccount).toBe(true);
    expect(fit.signals[0]!.rule).toBe('icp.targetAccount');
  });

  it('disqualifies internal and competitor domains, even at a target account', () => {
    const withLists = ZCharter.parse({
      ...charter,
      disqualifiers: { internalDomains: ['handshake.example'], competitorDomains: ['rival.io'] },
    });
    const internal = scoreFit(icpLead({ email: 'qa@handshake.example', targetAccount: true }), withLists);
    expect(internal.level).toBe('out');
    expect(internal.disqualifiedBy).toBe('internal');
    const competitor = scoreFit(icpLead({ company: { ...company, domain: 'eu.rival.io' } }), withLists);
    expect(competitor.disqualifiedBy).toBe('competitor');
    expect(competitor.summary).toBe("Out: eu.rival.io is a competitor's domain.");
  });
});
