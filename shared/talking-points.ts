import { z } from 'zod';
import type { TCharter, TTalkingPointRule } from './charter';
import { displayLine } from './display-text';
import type { TEvent, TLead } from './schemas';
import type { TEvaluation } from './scoring/evaluate';
import { eventsInWindow } from './scoring/events';
import { intentSignals, type TIntentSignalKind } from './scoring/intent';
import { companySituation, industryPain, sizePain } from './talking-points-situation';

// Talking points speak to the buyer: who the company is, what the person did, the pain that
// likely comes with it and what to ask — in words a rep can say on the call. How we score
// (levels, thresholds, points) stays in the criteria.

export const ZTalkingPoint = z.object({
  id: z.string(),
  kind: z.enum(['situation', 'pain', 'signal', 'authority', 'fit']),
  text: z.string(),
  question: z.string().nullable(),
  /** The events the point is drawn from, so the rep can check it. */
  evidence: z.array(z.object({ eventId: z.string(), label: z.string(), at: z.string() })),
});
export type TTalkingPoint = z.infer<typeof ZTalkingPoint>;

/** Pains drawn from what they read or attended; the company's own pain comes on top. */
const MAX_CONTENT_PAINS = 2;

const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const day = (at: string) => dayFormat.format(new Date(at));

/** "lead-scoring-myths" from a page address reads "lead scoring myths". */
function pageName(url: string): string {
  const path = url.replace(/[?#].*$/, '').replace(/\/+$/, '');
  const last = path.slice(path.lastIndexOf('/') + 1);
  return last.replace(/[-_]+/g, ' ').replace(/\.\w+$/, '').trim() || url;
}

/** What the event was about, as the lead saw it. Points quote what the lead sent on one line, without bidirectional overrides or control characters. */
function subject(event: TEvent): string {
  const { asset, topic, url } = event.properties;
  return displayLine(asset ?? topic ?? (url ? pageName(url) : event.type.replace(/_/g, ' ')));
}

function evidenceLabel(event: TEvent): string {
  return displayLine(`${event.type.replace(/_/g, ' ')}: ${subject(event)} (${day(event.at)})`);
}

const evidenceOf = (event: TEvent) => ({ eventId: event.id, label: evidenceLabel(event), at: event.at });

/** Lower-case words separated by single spaces, so "Speed-to-Lead" matches "speed to lead". */
function words(text: string): string {
  return ` ${text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
}

/** What a rule's keywords are matched against: an event's asset, topic and page, as words. */
function eventWords(event: TEvent): string {
  const { asset, topic, url } = event.properties;
  return words([asset, topic, url].filter(Boolean).join(' '));
}

/** A rule's keywords as words, made once per rule: the rules are matched against every event of every packet. */
const keywordWords = new WeakMap<TTalkingPointRule, string[]>();

function keywordsOf(rule: TTalkingPointRule): string[] {
  let keywords = keywordWords.get(rule);
  if (!keywords) {
    keywords = rule.keywords.map(words);
    keywordWords.set(rule, keywords);
  }
  return keywords;
}

const DID: Partial<Record<TEvent['type'], string>> = {
  content_download: 'Downloaded',
  webinar_attended: 'Attended',
  page_view: 'Read',
  email_click: 'Clicked through to',
  email_open: 'Opened',
  form_submit: 'Filled in',
};

/** "Downloaded “Lead routing playbook” and attended “Speed to lead in 2026”". */
function whatTheyDid(events: readonly TEvent[]): string {
  const phrases = events.map((event, index) => {
    const verb = DID[event.type] ?? 'Looked at';
    return `${index === 0 ? verb : verb.toLowerCase()} “${subject(event)}”`;
  });
  return phrases.length > 1 ? `${phrases.slice(0, -1).join(', ')} and ${phrases.at(-1)}` : phrases[0]!;
}

/** "Sales does not…" inside a sentence; "CRM records…" keeps its capitals. */
/** One event per piece of content, the most recent first: a paper downloaded, then clicked in a mail, is named once. */
function distinctSubjects(events: readonly TEvent[]): TEvent[] {
  const seen = new Set<string>();
  return events.filter((event) => {
    const key = subject(event).toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const sentence = (text: string) => (/^\p{Lu}\p{Ll}/u.test(text) ? `${text[0]!.toLowerCase()}${text.slice(1)}` : text);

/** Pains suggested by the content the lead engaged with, named by what they read, most evidence (then most recent) first. */
function contentPains(recent: readonly TEvent[], charter: TCharter): TTalkingPoint[] {
  const texts = recent.map(eventWords);
  return charter.talkingPoints
    .map((rule) => {
      const keywords = keywordsOf(rule);
      return { rule, evidence: recent.filter((_, i) => keywords.some((keyword) => texts[i]!.includes(keyword))).reverse() };
    })
    .filter(({ evidence }) => evidence.length > 0)
    .sort((a, b) => b.evidence.length - a.evidence.length || Date.parse(b.evidence[0]!.at) - Date.parse(a.evidence[0]!.at))
    .slice(0, MAX_CONTENT_PAINS)
    .map(({ rule, evidence }) => ({
      id: `pain.${rule.id}`,
      kind: 'pain',
      text: `${whatTheyDid(distinctSubjects(evidence).slice(0, 2))}: a sign that ${sentence(rule.pain)}`,
      question: rule.question,
      evidence: evidence.slice(0, 3).map(evidenceOf),
    }));
}

/** The pain companies like this one usually have: by industry, else by size. */
function companyPain(lead: TLead): TTalkingPoint | null {
  const company = lead.company;
  const byIndustry = industryPain(company?.industry);
  const found = byIndustry ?? sizePain(company?.employees);
  if (!found) return null;
  const name = company?.name ? displayLine(company.name) : 'A company like this';
  const like = byIndustry && company?.industry ? ` (${displayLine(company.industry)})` : company?.employees !== undefined ? ` (${company.employees.toLocaleString('en-US')} people)` : '';
  return {
    id: `pain.company.${found.family}`,
    kind: 'pain',
    text: `${name}${like}: companies like this often find that ${found.pain}.`,
    question: found.question,
    evidence: [],
  };
}

function situationPoint(lead: TLead): TTalkingPoint | null {
  const situation = companySituation(lead.company);
  if (!situation) return null;
  const name = lead.company?.name ? displayLine(lead.company.name) : 'Their company';
  return { id: 'situation.company', kind: 'situation', text: `${name}: ${situation}.`, question: null, evidence: [] };
}

const quoted = (text: string | undefined) => (text ? displayLine(text) : undefined);

/** What the lead did that says they may buy, as a rep would say it, and the question to open on. */
function signalText(kind: TIntentSignalKind, event: TEvent, pricingVisits: readonly TEvent[]): { text: string; question: string } {
  const on = day(event.at);
  switch (kind) {
    case 'pricing_views': {
      if (pricingVisits.length < 2) return { text: `Looked at our pricing page on ${on}.`, question: 'What budget range and decision timeline are they working with?' };
      const first = pricingVisits[0]!;
      const spanDays = Math.max(1, Math.ceil((Date.parse(event.at) - Date.parse(first.at)) / 86_400_000));
      const times = pricingVisits.length === 2 ? 'twice' : `${pricingVisits.length} times`;
      return { text: `Came back to our pricing page ${times} in ${spanDays === 1 ? 'a day' : `${spanDays} days`}, last on ${on}.`, question: 'What budget range and decision timeline are they working with?' };
    }
    case 'competitor_comparison': {
      const rival = quoted(event.properties.competitor);
      return rival
        ? { text: `Compared us with ${rival} on ${on}.`, question: `What do they like about ${rival}, and what is missing for them?` }
        : { text: `Compared us with a competitor on ${on}.`, question: 'Which other tools are they looking at, and what do they like about them?' };
    }
    case 'demo_request':
      return { text: `Asked for a demo on ${on}.`, question: 'Who else should see the demo, and what do they need to see to move forward?' };
    case 'meeting_booked':
      return { text: `Booked a meeting for ${on}.`, question: 'What would make that meeting a clear yes or no for them?' };
    case 'contact_sales_form':
      return { text: `Asked to talk to sales on ${on}.`, question: 'What prompted them to reach out now?' };
    case 'trial_signup':
      return { text: `Started a trial on ${on}.`, question: 'What did they try first, and where did they get stuck?' };
  }
}

function signalPoints(events: readonly TEvent[], charter: TCharter, at: Date): TTalkingPoint[] {
  const pricingVisits = eventsInWindow(events, at, charter.intent.windowDays).filter((event) => event.type === 'pricing_view');
  return intentSignals(events, charter, at)
    .sort((a, b) => Date.parse(b.event.at) - Date.parse(a.event.at))
    .map((signal) => ({
      id: `signal.${signal.kind}`,
      kind: 'signal',
      ...signalText(signal.kind, signal.event, pricingVisits),
      evidence: [evidenceOf(signal.event)],
    }));
}

function authorityPoint(lead: TLead, evaluation: TEvaluation): TTalkingPoint {
  const level = evaluation.criteria.authority.level;
  const name = lead.firstName ? displayLine(lead.firstName) : 'they';
  const as = lead.title ? `As ${displayLine(lead.title)}, ${name}` : name[0]!.toUpperCase() + name.slice(1);
  const byLevel = {
    decision_maker: `${as} can likely sign: confirm budget, timeline and the problem to solve on the first call.`,
    influencer: `${as} has a say but may not sign: find out who else weighs in and who signs.`,
    end_user: `${as} would likely use the product rather than buy it: ask who owns the decision.`,
    researcher: `${as} is probably looking into this for someone else: ask who the work is for.`,
    unknown: lead.title ? `${as}: the title does not say who decides, so ask about their role and who owns the decision.` : `Their role is not on record: ask what ${name === 'they' ? 'they do' : `${name} does`} and who owns the decision.`,
  } as const;
  return {
    id: `authority.${level}`,
    kind: 'authority',
    text: byLevel[level],
    question: level === 'decision_maker' ? null : 'Who else is involved in choosing a solution like this?',
    evidence: [],
  };
}

/** What to ask because the CRM does not know it. */
function askPoints(lead: TLead, evaluation: TEvaluation): TTalkingPoint[] {
  const company = lead.company?.name ? displayLine(lead.company.name) : 'the company';
  const asks: Record<string, string> = {
    employees: `Ask how many people work at ${company}.`,
    industry: `Ask what ${company} does: its industry is not on record.`,
    country: `Ask where ${company} is based.`,
    techStack: `Ask which CRM and sales tools ${company} uses.`,
  };
  return evaluation.criteria.fit.signals
    .filter((signal) => signal.rule.startsWith('icp.') && /unknown|not recognised/i.test(signal.label))
    .flatMap((signal) => {
      const dimension = signal.rule.slice('icp.'.length);
      const text = asks[dimension];
      return text ? [{ id: `fit.${dimension}`, kind: 'fit' as const, text, question: null, evidence: [] }] : [];
    });
}

/**
 * Talking points from who the lead is and what they actually did: the company's situation,
 * the buying signals to open on, the pains their reading and their kind of company suggest,
 * how to handle their role, and what to ask because nobody knows it yet.
 */
export function generateTalkingPoints(input: { lead: TLead; events: readonly TEvent[]; evaluation: TEvaluation; charter: TCharter; at: Date }): TTalkingPoint[] {
  const recent = eventsInWindow(input.events, input.at, input.charter.engagement.windowDays);
  const situation = situationPoint(input.lead);
  const company = companyPain(input.lead);
  return [
    ...(situation ? [situation] : []),
    ...signalPoints(input.events, input.charter, input.at),
    ...contentPains(recent, input.charter),
    ...(company ? [company] : []),
    authorityPoint(input.lead, input.evaluation),
    ...askPoints(input.lead, input.evaluation),
  ];
}
