import { formatLevel } from '../ui/format';

// Every field of the charter a person edits, in words: the form's labels and the list of
// changes say the same thing ("SLA, high intent"). A path is the field's place in the
// charter, dotted ("sla.tiers.high"); `*` stands for any one segment (an event type, a level).

export interface TFieldLabel {
  /** The part of the charter: the form's fieldset, the change's first words. */
  group: string;
  /** The field inside it; `{*}` is the segment the pattern's `*` matched, in words. */
  field: string;
}

const LABELS: Readonly<Record<string, TFieldLabel>> = {
  name: { group: 'Charter', field: 'name' },
  reviewEveryDays: { group: 'Charter', field: 'review every (days)' },
  'targets.sqlsPerWeek': { group: 'Targets', field: 'SQLs per week' },
  'handover.repsMayClaim': { group: 'Handover', field: 'reps may claim an MQL' },
  'thresholds.mql.*': { group: 'MQL threshold', field: '{*}' },
  'thresholds.sql.*': { group: 'SQL threshold', field: '{*}' },
  'directSql.enabled': { group: 'Direct SQL', field: 'enabled' },
  'directSql.fit': { group: 'Direct SQL', field: 'fit at least' },
  'directSql.authority': { group: 'Direct SQL', field: 'authority at least' },
  'directSql.signals': { group: 'Direct SQL', field: 'signals' },
  'targetAccounts.mqlEngagement': { group: 'Target accounts', field: 'engagement for MQL' },
  'sla.handoverStage': { group: 'SLA', field: 'handover stage' },
  'sla.tiers.*': { group: 'SLA', field: '{*} intent' },
  'sla.warnAtFraction': { group: 'SLA', field: 'warn at' },
  rejectionReasons: { group: 'Rejection reasons', field: 'list' },
  'engagement.windowDays': { group: 'Engagement', field: 'window (days)' },
  'engagement.fullWeightDays': { group: 'Engagement', field: 'full weight for (days)' },
  'engagement.halfLifeDays': { group: 'Engagement', field: 'half-life (days)' },
  'engagement.levels': { group: 'Engagement', field: 'levels' },
  'engagement.levels.*': { group: 'Engagement', field: '{*} level (weighted touchpoints)' },
  'engagement.highMinChannels': { group: 'Engagement', field: 'channels needed for high' },
  'engagement.touchpoints.*.weight': { group: 'Engagement', field: 'weight of {*}' },
  'engagement.touchpoints.*.channel': { group: 'Engagement', field: 'channel of {*}' },
  'intent.windowDays': { group: 'Intent', field: 'window (days)' },
  'intent.pricingViews.count': { group: 'Intent', field: 'pricing views' },
  'intent.pricingViews.withinDays': { group: 'Intent', field: 'pricing views within (days)' },
  'intent.pricingViews.level': { group: 'Intent', field: 'pricing views level' },
  'intent.signals.*': { group: 'Intent', field: 'level of {*}' },
  'intent.contactSalesForms': { group: 'Intent', field: 'contact-sales forms' },
  'intent.points.*': { group: 'Intent', field: 'points for {*}' },
  'authority.points.*': { group: 'Authority', field: 'points for {*}' },
  'icp.employees': { group: 'ICP', field: 'company size' },
  'icp.employees.min': { group: 'ICP', field: 'employees, min' },
  'icp.employees.max': { group: 'ICP', field: 'employees, max' },
  'icp.employees.borderlineMin': { group: 'ICP', field: 'employees, borderline min' },
  'icp.employees.borderlineMax': { group: 'ICP', field: 'employees, borderline max' },
  'icp.industries': { group: 'ICP', field: 'industries' },
  'icp.borderlineIndustries': { group: 'ICP', field: 'borderline industries' },
  'icp.countries': { group: 'ICP', field: 'countries' },
  'icp.techStack.compatible': { group: 'ICP', field: 'compatible tech' },
  'icp.techStack.required': { group: 'ICP', field: 'compatible tech required' },
  'icp.points.employees': { group: 'ICP', field: 'points for company size' },
  'icp.points.*': { group: 'ICP', field: 'points for {*}' },
  'icp.unknownAs': { group: 'ICP', field: 'unknown data counts as' },
  'disqualifiers.internalDomains': { group: 'Disqualifiers', field: 'internal domains' },
  'disqualifiers.competitorDomains': { group: 'Disqualifiers', field: 'competitor domains' },
  'handover.routing': { group: 'Routing', field: '' },
  'handover.routing.crmOwner': { group: 'Routing', field: 'the CRM owner wins' },
  'handover.routing.accountOwner': { group: 'Routing', field: 'the account’s owner first' },
  'handover.routing.accountOwnerDays': { group: 'Routing', field: 'account owned for (days)' },
  'handover.routing.highTierWorkingNow': { group: 'Routing', field: 'high tier only to reps working now' },
  'handover.routing.rules': { group: 'Routing', field: 'rules' },
  'handover.routing.fallback': { group: 'Routing', field: 'fallback pool' },
  'handover.routing.fallback.emails': { group: 'Routing', field: 'fallback pool, reps' },
  'handover.routing.fallback.managerEmail': { group: 'Routing', field: 'fallback pool, team’s manager' },
};

/** A routing rule's fields, after "handover.routing.rules.N.": its group is the rule, counted from 1. */
const RULE_FIELDS: Readonly<Record<string, string>> = {
  name: 'name',
  when: 'conditions',
  'when.sources': 'sources',
  'when.campaigns': 'campaigns',
  'when.countries': 'countries',
  'when.industries': 'industries',
  'when.employees': 'employees',
  'when.employees.min': 'employees, min',
  'when.employees.max': 'employees, max',
  'when.targetAccount': 'target account',
  'when.stages': 'stages',
  'when.intents': 'intent',
  pool: 'pool',
  'pool.kind': 'pool',
  'pool.emails': 'pool, reps',
  'pool.managerEmail': 'pool, team’s manager',
};

const RULE_PATH = /^handover\.routing\.rules\.(\d+)(?:\.(.+))?$/;

function ruleLabel(path: string): TFieldLabel | null {
  const match = RULE_PATH.exec(path);
  if (!match) return null;
  const field = match[2] === undefined ? '' : RULE_FIELDS[match[2]];
  return field === undefined ? null : { group: `Routing rule ${Number(match[1]) + 1}`, field };
}

const PATTERNS = Object.keys(LABELS).map((pattern) => ({ pattern, segments: pattern.split('.') }));

/** The words of a segment a pattern's `*` matched: "page_view" → "page view", "in_icp" → "in ICP". */
export function segmentWords(segment: string): string {
  return formatLevel(segment).replaceAll('-', ' ');
}

function knownLabel(path: string): TFieldLabel | null {
  const segments = path.split('.');
  const exact = LABELS[path] ?? ruleLabel(path);
  if (exact) return exact;
  for (const { pattern, segments: want } of PATTERNS) {
    if (want.length !== segments.length) continue;
    const mismatch = want.findIndex((s, i) => s !== segments[i] && s !== '*');
    if (mismatch !== -1) continue;
    const matched = segments[want.indexOf('*')];
    const label = LABELS[pattern]!;
    return { group: label.group, field: label.field.replace('{*}', matched === undefined ? '' : segmentWords(matched)) };
  }
  return null;
}

/** The label of a field; inside a field the form names (a list's item), that field's; else the path's segments. */
export function labelParts(path: string): TFieldLabel {
  const segments = path.split('.');
  for (let length = segments.length; length > 0; length -= 1) {
    const label = knownLabel(segments.slice(0, length).join('.'));
    if (label) return label;
  }
  return { group: segments[0] ?? path, field: segments.slice(1).map(segmentWords).join(', ') };
}

/** "SLA, high intent". */
export function fieldLabel(path: string): string {
  const { group, field } = labelParts(path);
  return field ? `${group}, ${field}` : group;
}

/** The form's label of a field: its part of the label, capitalised ("High intent"). */
export function shortLabel(path: string): string {
  const { field } = labelParts(path);
  return field ? field[0]!.toUpperCase() + field.slice(1) : path;
}
