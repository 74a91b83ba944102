import { describe, expect, it } from 'vitest';
import { DEFAULT_CHARTER, ZCharter } from '../../shared/charter';
import type { TRoutingRule } from '../../shared/routing';
import { charterChanges } from '../../extension/charter/charter-diff';
import { charterFieldError } from '../../extension/charter/draft';
import { setIn } from '../../shared/set-in';
import { fieldLabel } from '../../extension/charter/labels';
import {
  indexAfterMove,
  indexAfterRemove,
  moveItem,
  newRule,
  parseCommaList,
  poolOfKind,
  rememberPool,
  reindexError,
  removeItem,
  targetAccountChoice,
  targetAccountValue,
  textSaysList,
  upperCase,
  withCondition,
  withEmployeeBound,
} from '../../extension/charter/routing-draft';
import { describePool, describeWhen } from '../../extension/charter/routing-diff';

// The studio's routing section: its conditions typed as text, its rules added, moved and
// removed, its changes in words, and the server's refusal of a rule named as the form names it.

const EMEA: TRoutingRule = {
  name: 'EMEA enterprise',
  when: { countries: ['FR', 'DE'], employees: { min: 1000 } },
  pool: { kind: 'team', managerEmail: 'mo@acme.example' },
};
const WEBINARS: TRoutingRule = { name: 'Webinars', when: { sources: ['webinar'], stages: ['sql'] }, pool: { kind: 'reps', emails: ['ana@acme.example'] } };
const REST: TRoutingRule = { name: 'Everything else', when: {}, pool: { kind: 'territory' } };

const withRules = (rules: TRoutingRule[], charter = DEFAULT_CHARTER) => setIn(charter, 'handover.routing.rules', rules);
const texts = (before: typeof DEFAULT_CHARTER, after: typeof DEFAULT_CHARTER) => charterChanges(before, after).map((c) => c.text);

describe("a routing rule's conditions in the form", () => {
  it('reads comma-separated text, blanks dropped, country codes in capitals', () => {
    expect(parseCommaList(' webinar,, Ebook ,')).toEqual(['webinar', 'Ebook']);
    expect(parseCommaList('fr, de', upperCase)).toEqual(['FR', 'DE']);
    expect(parseCommaList(' , ')).toEqual([]);
    // The text as typed is kept while it says the list the draft holds.
    expect(textSaysList('fr, de,', ['FR', 'DE'], upperCase)).toBe(true);
    expect(textSaysList('fr', ['FR', 'DE'], upperCase)).toBe(false);
  });

  it('leaves an emptied condition out of the rule: it then matches any lead', () => {
    const when = withCondition({ countries: ['FR'] }, 'sources', ['webinar']);
    expect(when).toEqual({ countries: ['FR'], sources: ['webinar'] });
    expect(withCondition(when, 'countries', [])).toEqual({ sources: ['webinar'] });
    expect(Object.keys(withCondition(when, 'sources', undefined))).toEqual(['countries']);
    expect(withCondition({}, 'targetAccount', false)).toEqual({ targetAccount: false });
  });

  it('keeps the employees band to the bounds typed', () => {
    const min = withEmployeeBound({}, 'min', 1000);
    expect(min).toEqual({ employees: { min: 1000 } });
    expect(withEmployeeBound(min, 'max', 5000)).toEqual({ employees: { min: 1000, max: 5000 } });
    expect(withEmployeeBound(min, 'min', undefined)).toEqual({});
    expect(withEmployeeBound({ employees: { min: 1, max: 9 } }, 'max', undefined)).toEqual({ employees: { min: 1 } });
  });

  it('says target account as any, yes or no', () => {
    expect([undefined, true, false].map(targetAccountChoice)).toEqual(['any', 'yes', 'no']);
    expect((['any', 'yes', 'no'] as const).map(targetAccountValue)).toEqual([undefined, true, false]);
  });

  it('keeps the e-mails typed for a pool while another kind is chosen', () => {
    let memory = rememberPool({ emails: [], managerEmail: '' }, { kind: 'reps', emails: ['ana@acme.example'] });
    const team = poolOfKind('team', { kind: 'reps', emails: ['ana@acme.example'] }, memory);
    expect(team).toEqual({ kind: 'team', managerEmail: '' });
    memory = rememberPool(memory, { kind: 'team', managerEmail: 'mo@acme.example' });
    expect(poolOfKind('reps', { kind: 'team', managerEmail: 'mo@acme.example' }, memory)).toEqual({ kind: 'reps', emails: ['ana@acme.example'] });
    expect(poolOfKind('everyone', team, memory)).toEqual({ kind: 'everyone' });
    expect(poolOfKind('team', { kind: 'territory' }, memory)).toEqual({ kind: 'team', managerEmail: 'mo@acme.example' });
  });
});

describe('the list of routing rules', () => {
  it('adds a rule for any lead to every rep, under a name no rule has', () => {
    expect(newRule([])).toEqual({ name: 'New rule 1', when: {}, pool: { kind: 'everyone' } });
    expect(newRule([{ ...REST, name: 'new rule 2' }]).name).toBe('New rule 3');
    // A new rule is a valid charter as it stands.
    expect(ZCharter.safeParse(withRules([newRule([])])).success).toBe(true);
  });

  it('moves a rule one place, never past either end, and removes one', () => {
    const rules = [EMEA, WEBINARS, REST];
    expect(moveItem(rules, 2, -1).map((r) => r.name)).toEqual(['EMEA enterprise', 'Everything else', 'Webinars']);
    expect(moveItem(rules, 0, 1).map((r) => r.name)).toEqual(['Webinars', 'EMEA enterprise', 'Everything else']);
    expect(moveItem(rules, 0, -1)).toEqual(rules);
    expect(moveItem(rules, 2, 1)).toEqual(rules);
    expect(removeItem(rules, 1)).toEqual([EMEA, REST]);
    expect(rules).toHaveLength(3);
  });
});

describe('routing changes in words', () => {
  it('says a rule added, with its conditions and its pool', () => {
    expect(describeWhen({})).toBe('any lead');
    expect(describeWhen({ employees: { max: 50 }, targetAccount: true, intents: ['high'], stages: ['mql', 'sql'] })).toBe('employees up to 50; target account yes; stages MQL, SQL; intent high');
    expect(describePool({ kind: 'reps', emails: ['ana@acme.example', 'ben@acme.example'] })).toBe('reps ana@acme.example, ben@acme.example');
    expect(texts(DEFAULT_CHARTER, withRules([EMEA]))).toEqual(['Routing rule “EMEA enterprise” added as rule 1: countries FR, DE; employees 1000 or more; to the team of mo@acme.example']);
  });

  it('says the CRM owner, the account owner and the fallback as the form names them', () => {
    let draft = setIn(DEFAULT_CHARTER, 'handover.routing.crmOwner', 'when_available');
    draft = setIn(draft, 'handover.routing.accountOwner', true);
    draft = setIn(draft, 'handover.routing.accountOwnerDays', 60);
    draft = setIn(draft, 'handover.routing.fallback', { kind: 'team', managerEmail: 'mo@acme.example' });
    draft = setIn(draft, 'handover.routing.highTierWorkingNow', true);
    expect(texts(DEFAULT_CHARTER, draft)).toEqual([
      'Routing, the CRM owner wins: always → only when available',
      'Routing, the account’s owner first: no → yes',
      'Routing, account owned for (days): 90 → 60',
      'Routing, high tier only to reps working now: no → yes',
      'Routing, fallback pool: every rep → the team of mo@acme.example',
    ]);
  });

  it("says a rule's conditions and pool changed, matched by name", () => {
    const active = withRules([EMEA, WEBINARS]);
    let draft = setIn(active, 'handover.routing.rules.0.when.countries', ['FR', 'DE', 'ES']);
    draft = setIn(draft, 'handover.routing.rules.0.when', { ...draft.handover.routing.rules[0]!.when, targetAccount: true, employees: { min: 500, max: 5000 } });
    draft = setIn(draft, 'handover.routing.rules.0.pool', { kind: 'territory' });
    draft = setIn(draft, 'handover.routing.rules.1.pool', { kind: 'reps', emails: ['ben@acme.example'] });
    draft = setIn(draft, 'handover.routing.rules.1.when', { sources: ['webinar'] });
    expect(texts(active, draft)).toEqual([
      'Routing rule “EMEA enterprise”, countries: added ES',
      'Routing rule “EMEA enterprise”, employees: 1000 or more → 500–5000',
      'Routing rule “EMEA enterprise”, target account: any → yes',
      'Routing rule “EMEA enterprise”, pool: the team of mo@acme.example → the reps whose territory has the lead’s country',
      'Routing rule “Webinars”, stages: SQL → any',
      'Routing rule “Webinars”, pool: reps added ben@acme.example; removed ana@acme.example',
    ]);
  });

  it('says a rule renamed in place, removed, and the rules reordered', () => {
    const active = withRules([EMEA, WEBINARS, REST]);
    expect(texts(active, setIn(active, 'handover.routing.rules.1.name', 'Webinar SQLs'))).toEqual(['Routing rule “Webinars” renamed “Webinar SQLs”']);
    expect(texts(active, withRules([EMEA, REST]))).toEqual(['Routing rule “Webinars” removed']);
    expect(texts(active, withRules(moveItem([EMEA, WEBINARS, REST], 1, -1)))).toEqual(['Routing rules reordered: “Webinars”, “EMEA enterprise”, “Everything else”']);
    // A rule added ahead of the others does not reorder them.
    expect(texts(active, withRules([{ ...REST, name: 'First' }, EMEA, WEBINARS, REST]))).toEqual([
      'Routing rule “First” added as rule 1: any lead; to the reps whose territory has the lead’s country',
    ]);
  });

  it('is silent when only the order of keys in a condition differs', () => {
    const active = withRules([EMEA]);
    const draft = withRules([{ ...EMEA, when: { employees: { min: 1000 }, countries: ['FR', 'DE'] } }]);
    expect(texts(active, draft)).toEqual([]);
  });
});

describe("the server's refusal of a routing field", () => {
  it('names the rule as the form counts it, and the field', () => {
    const error = charterFieldError({ code: 'INVALID_INPUT', field: 'charter.handover.routing.rules.1.name', message: 'charter.handover.routing.rules.1.name: two rules are named "A": rule names must be unique' });
    expect(error).toEqual({ path: 'handover.routing.rules.1.name', message: 'two rules are named "A": rule names must be unique' });
    expect(fieldLabel(error!.path)).toBe('Routing rule 2, name');
    expect(fieldLabel('handover.routing.rules.0.pool.emails.1')).toBe('Routing rule 1, pool, reps');
    expect(fieldLabel('handover.routing.rules.3.when.employees')).toBe('Routing rule 4, employees');
    expect(fieldLabel('handover.routing.rules.3')).toBe('Routing rule 4');
    expect(fieldLabel('handover.routing.fallback.managerEmail')).toBe('Routing, fallback pool, team’s manager');
    expect(fieldLabel('handover.routing')).toBe('Routing');
  });

  it('follows its rule when the rules move, and goes with a rule removed', () => {
    const rules = 'handover.routing.rules';
    const error = { path: `${rules}.1.pool.emails.0`, message: 'Invalid email address' };
    expect(reindexError(error, rules, indexAfterMove(1, -1, 3))).toEqual({ ...error, path: `${rules}.0.pool.emails.0` });
    expect(reindexError(error, rules, indexAfterMove(0, 1, 3))?.path).toBe(`${rules}.0.pool.emails.0`);
    expect(reindexError(error, rules, indexAfterMove(2, 1, 3))).toEqual(error);
    expect(reindexError(error, rules, indexAfterRemove(1))).toBeNull();
    expect(reindexError(error, rules, indexAfterRemove(0))?.path).toBe(`${rules}.0.pool.emails.0`);
    expect(reindexError(error, rules, indexAfterRemove(2))).toEqual(error);
    // A refusal elsewhere, or of the list as a whole, stays where it is.
    const other = { path: 'sla.tiers.high', message: 'Too small' };
    expect(reindexError(other, rules, indexAfterRemove(0))).toBe(other);
    const whole = { path: rules, message: 'Too big' };
    expect(reindexError(whole, rules, indexAfterRemove(0))).toBe(whole);
  });

  it('is what the charter refuses: the paths the form shows its messages at', () => {
    const paths = (rules: unknown) => ZCharter.safeParse(setIn(DEFAULT_CHARTER, 'handover.routing.rules', rules)).error?.issues.map((issue) => issue.path.join('.'));
    expect(paths([EMEA, { ...WEBINARS, name: 'emea ENTERPRISE' }])).toEqual(['handover.routing.rules.1.name']);
    expect(paths([{ ...EMEA, when: { employees: { min: 10, max: 5 } } }])).toEqual(['handover.routing.rules.0.when.employees']);
    expect(paths([{ ...EMEA, when: { countries: ['FR', 'France'] } }])).toEqual(['handover.routing.rules.0.when.countries.1']);
    expect(paths([{ ...WEBINARS, pool: { kind: 'reps', emails: [] } }])).toEqual(['handover.routing.rules.0.pool.emails']);
    expect(paths([{ ...EMEA, pool: { kind: 'team', managerEmail: '' } }])).toEqual(['handover.routing.rules.0.pool.managerEmail']);
  });
});
