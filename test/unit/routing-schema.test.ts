import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTING, matchingRule, ruleMatches, ZRouting, type TRoutingLead } from '../../shared/routing';

const LEAD: TRoutingLead = { source: 'Webinar', campaign: 'Q4 launch', country: 'France', industry: 'Computer Software', employees: 300, targetAccount: false, stage: 'sql', intent: 'high' };

describe('the charter’s routing section', () => {
  it('defaults to what the extension’s pages take for a charter without one', () => {
    expect(ZRouting.parse({})).toEqual(DEFAULT_ROUTING);
  });

  it('matches a lead on every condition given, lists case- and punctuation-insensitively, countries by name or code', () => {
    expect(ruleMatches({}, LEAD)).toBe(true);
    expect(ruleMatches({ sources: ['webinar'], countries: ['FR'], industries: ['computer-software'] }, LEAD)).toBe(true);
    expect(ruleMatches({ countries: ['DE'] }, LEAD)).toBe(false);
    expect(ruleMatches({ employees: { min: 300, max: 300 } }, LEAD)).toBe(true);
    expect(ruleMatches({ employees: { min: 301 } }, LEAD)).toBe(false);
    expect(ruleMatches({ employees: { max: 1000 } }, { ...LEAD, employees: null })).toBe(false);
    expect(ruleMatches({ targetAccount: true }, LEAD)).toBe(false);
    expect(ruleMatches({ stages: ['mql'] }, LEAD)).toBe(false);
    expect(ruleMatches({ intents: ['medium', 'high'] }, LEAD)).toBe(true);
    expect(ruleMatches({ campaigns: ['Q4 launch'] }, { ...LEAD, campaign: null })).toBe(false);
  });

  it('takes the first rule that matches', () => {
    const routing = ZRouting.parse({
      rules: [
        { name: 'Germany', when: { countries: ['DE'] }, pool: { kind: 'everyone' } },
        { name: 'Webinars', when: { sources: ['webinar'] }, pool: { kind: 'everyone' } },
        { name: 'France', when: { countries: ['FR'] }, pool: { kind: 'everyone' } },
      ],
    });
    expect(matchingRule(routing, LEAD)?.name).toBe('Webinars');
    expect(matchingRule(routing, { ...LEAD, source: null, country: 'JP' })).toBeUndefined();
  });

  it('refuses two rules of one name, an employees band upside down, and a pool without its people, naming the path', () => {
    const problem = (routing: unknown) => {
      const parsed = ZRouting.safeParse(routing);
      return parsed.success ? undefined : parsed.error.issues.map((i) => i.path.join('.'));
    };
    const rule = (name: string) => ({ name, when: {}, pool: { kind: 'everyone' } });
    expect(problem({ rules: [rule('EMEA'), rule('emea')] })).toEqual(['rules.1.name']);
    expect(problem({ rules: [{ ...rule('Band'), when: { employees: { min: 500, max: 100 } } }] })).toEqual(['rules.0.when.employees']);
    expect(problem({ rules: [{ ...rule('Nobody'), pool: { kind: 'reps', emails: [] } }] })).toEqual(['rules.0.pool.emails']);
    expect(problem({ fallback: { kind: 'team' } })).toEqual(['fallback.managerEmail']);
  });
});
