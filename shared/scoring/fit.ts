import type { TCharter } from '../charter';
import { countryName, toCountryCode } from '../country';
import { meets, type TFitLevel } from '../levels';
import type { TLead } from '../schemas';
import { foldText } from '../text';
import { sumPoints, type TFitScore, type TSignal } from './criterion';

type DimensionLevel = TFitLevel | 'unknown';
interface Dimension {
  level: DimensionLevel;
  signal: TSignal;
}

const numberFormat = new Intl.NumberFormat('en-US');

/** The charter's ICP lists as fit compares them (folded), made once per ICP object: a lead's fit is scored at every event. */
interface TFoldedIcp {
  industries: ReadonlySet<string>;
  borderlineIndustries: ReadonlySet<string>;
  /** Compatible technologies by their folded name. */
  compatible: ReadonlyMap<string, string>;
}
const foldedIcps = new WeakMap<TCharter['icp'], TFoldedIcp>();

function foldedIcp(icp: TCharter['icp']): TFoldedIcp {
  let folded = foldedIcps.get(icp);
  if (!folded) {
    folded = {
      industries: new Set(icp.industries.map(foldText)),
      borderlineIndustries: new Set(icp.borderlineIndustries.map(foldText)),
      compatible: new Map(icp.techStack.compatible.map((name) => [foldText(name), name])),
    };
    foldedIcps.set(icp, folded);
  }
  return folded;
}

function signal(rule: string, label: string, points: number): TSignal {
  return { rule, label, points, eventId: null, at: null };
}

/** The ICP's size range in words, made once per rule object (formatting a number costs a microsecond). */
const rangesInWords = new WeakMap<TCharter['icp']['employees'], string>();

function rangeInWords(rule: TCharter['icp']['employees']): string {
  let range = rangesInWords.get(rule);
  if (range === undefined) {
    range = `${numberFormat.format(rule.min)}–${numberFormat.format(rule.max)}`;
    rangesInWords.set(rule, range);
  }
  return range;
}

function companySize(lead: TLead, charter: TCharter): Dimension {
  const rule = charter.icp.employees;
  const points = charter.icp.points.employees;
  const employees = lead.company?.employees;
  const range = rangeInWords(rule);
  if (employees === undefined) {
    return { level: 'unknown', signal: signal('icp.employees', `Company size unknown (ICP: ${range} employees).`, 0) };
  }
  const size = `${numberFormat.format(employees)} employees`;
  if (employees >= rule.min && employees <= rule.max) {
    return { level: 'in_icp', signal: signal('icp.employees', `${size}: inside the ICP's ${range}.`, points) };
  }
  if (employees >= rule.borderlineMin && employees <= rule.borderlineMax) {
    const side = employees < rule.min ? `below the ICP minimum of ${numberFormat.format(rule.min)}` : `above the ICP maximum of ${numberFormat.format(rule.max)}`;
    return { level: 'borderline', signal: signal('icp.employees', `${size}: ${side}, within the borderline band.`, points / 2) };
  }
  return { level: 'out', signal: signal('icp.employees', `${size}: outside the ICP's ${range}.`, 0) };
}

function industry(lead: TLead, charter: TCharter): Dimension {
  const points = charter.icp.points.industry;
  const value = lead.company?.industry;
  if (!value) return { level: 'unknown', signal: signal('icp.industry', 'Industry unknown.', 0) };
  const normalised = foldText(value);
  const { industries, borderlineIndustries } = foldedIcp(charter.icp);
  if (industries.has(normalised)) {
    return { level: 'in_icp', signal: signal('icp.industry', `${value}: a target industry.`, points) };
  }
  if (borderlineIndustries.has(normalised)) {
    return { level: 'borderline', signal: signal('icp.industry', `${value}: an adjacent industry (borderline).`, points / 2) };
  }
  return { level: 'out', signal: signal('icp.industry', `${value}: not a target industry.`, 0) };
}

function territory(lead: TLead, charter: TCharter): Dimension {
  const points = charter.icp.points.country;
  if (charter.icp.countries.length === 0) {
    return { level: 'in_icp', signal: signal('icp.country', 'Every territory is covered.', points) };
  }
  const raw = lead.company?.country;
  const code = toCountryCode(raw);
  if (!code) {
    const label = raw ? `Country "${raw}" not recognised.` : 'Country unknown.';
    return { level: 'unknown', signal: signal('icp.country', label, 0) };
  }
  if (charter.icp.countries.includes(code)) {
    return { level: 'in_icp', signal: signal('icp.country', `${countryName(code)}: a covered territory.`, points) };
  }
  return { level: 'out', signal: signal('icp.country', `${countryName(code)}: outside the covered territories.`, 0) };
}

function techStack(lead: TLead, charter: TCharter): Dimension | null {
  const rule = charter.icp.techStack;
  const stack = lead.company?.techStack;
  const { compatible } = foldedIcp(charter.icp);
  const matches = (stack ?? []).filter((tech) => compatible.has(foldText(tech)));
  if (matches.length > 0) {
    return {
      level: 'in_icp',
      signal: signal('icp.techStack', `Uses ${matches.join(', ')}: compatible stack.`, charter.icp.points.techStack),
    };
  }
  if (!rule.required) {
    // Optional dimension: no match earns no points and leaves the level alone.
    return stack === undefined ? null : { level: 'in_icp', signal: signal('icp.techStack', 'No compatible technology in the known stack.', 0) };
  }
  return stack === undefined
    ? { level: 'unknown', signal: signal('icp.techStack', 'Tech stack unknown (a compatible one is required).', 0) }
    : { level: 'out', signal: signal('icp.techStack', 'No compatible technology (required).', 0) };
}

function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}

function disqualifier(lead: TLead, charter: TCharter): { kind: 'internal' | 'competitor'; signal: TSignal } | null {
  const domains = [emailDomain(lead.email), lead.company?.domain].filter((d): d is string => Boolean(d));
  const onList = (list: readonly string[]) =>
    domains.find((domain) => list.some((entry) => domain === entry.toLowerCase() || domain.endsWith(`.${entry.toLowerCase()}`)));
  const internal = onList(charter.disqualifiers.internalDomains);
  if (internal) {
    return { kind: 'internal', signal: signal('disqualifier.internal', `${internal} is one of our own domains: internal or test.`, 0) };
  }
  const competitor = onList(charter.disqualifiers.competitorDomains);
  if (competitor) {
    return { kind: 'competitor', signal: signal('disqualifier.competitor', `${competitor} is a competitor's domain.`, 0) };
  }
  return null;
}

function levelOf(dimensions: readonly Dimension[], unknownAs: TCharter['icp']['unknownAs']): TFitLevel {
  if (dimensions.some((d) => d.level === 'out')) return 'out';
  if (dimensions.some((d) => d.level === 'borderline' || (d.level === 'unknown' && unknownAs === 'borderline'))) return 'borderline';
  return 'in_icp';
}

/**
 * Fit (ICP match): every dimension in ICP is in ICP; any one outside is out; anything
 * borderline is borderline — worth nurturing, not yet a sales call — and so is anything
 * unknown, unless the charter gives unknowns the benefit of the doubt (`icp.unknownAs`).
 */
export function scoreFit(lead: TLead, charter: TCharter): TFitScore {
  const dimensions = [companySize(lead, charter), industry(lead, charter), territory(lead, charter), techStack(lead, charter)].filter(
    (d): d is Dimension => d !== null,
  );
  const signals = dimensions.map((d) => d.signal);
  const points = sumPoints(signals);
  const thresholds = { mql: charter.thresholds.mql.fit, sql: charter.thresholds.sql.fit };
  const targetAccount = lead.targetAccount === true;
  const disqualified = disqualifier(lead, charter);

  let level = levelOf(dimensions, charter.icp.unknownAs);
  let summary: string;
  if (disqualified) {
    level = 'out';
    signals.unshift(disqualified.signal);
    summary = `Out: ${disqualified.signal.label}`;
  } else if (targetAccount) {
    level = 'in_icp';
    signals.unshift(signal('icp.targetAccount', 'Target account (ABM): fit is satisfied at account level.', 0));
    summary = 'In ICP: target account.';
  } else {
    const unknowns = dimensions.filter((d) => d.level === 'unknown');
    const decisive = dimensions.filter((d) => d.level === level || (level === 'borderline' && d.level === 'unknown' && charter.icp.unknownAs === 'borderline'));
    if (level !== 'in_icp') summary = `${level === 'out' ? 'Out of ICP' : 'Borderline'}: ${decisive.map((d) => d.signal.label).join(' ')}`;
    else if (unknowns.length === 0) summary = `In ICP on every dimension (${points} points).`;
    else summary = `In ICP on what is known (${points} points), unknowns given the benefit of the doubt: ${unknowns.map((d) => d.signal.label).join(' ')}`;
  }

  return {
    criterion: 'fit',
    level,
    points,
    summary,
    signals,
    thresholds,
    meetsMql: meets('fit', level, thresholds.mql),
    meetsSql: meets('fit', level, thresholds.sql),
    disqualifiedBy: disqualified?.kind ?? null,
    targetAccount,
  };
}
