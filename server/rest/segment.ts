import { EVENT_TYPES, type TEventType } from '../../shared/schemas';

// Segment's HTTP tracking API shapes (identify, track, page, batch) translated into our
// leads and events, so any CDP or Segment SDK can feed Handshake.

/** Segment event names (their spec's "Object Action" style) → our event types. */
export const SEGMENT_EVENT_NAMES: Readonly<Record<string, TEventType>> = {
  'pricing viewed': 'pricing_view',
  'pricing page viewed': 'pricing_view',
  'content downloaded': 'content_download',
  'asset downloaded': 'content_download',
  'ebook downloaded': 'content_download',
  'whitepaper downloaded': 'content_download',
  'email opened': 'email_open',
  'email link clicked': 'email_click',
  'email clicked': 'email_click',
  'webinar attended': 'webinar_attended',
  'form submitted': 'form_submit',
  'demo requested': 'demo_request',
  'meeting booked': 'meeting_booked',
  'meeting scheduled': 'meeting_booked',
  'trial started': 'trial_signup',
  'competitor comparison viewed': 'competitor_comparison',
  'opportunity created': 'opportunity_created',
  'deal won': 'closed_won',
  'opportunity won': 'closed_won',
  'deal lost': 'closed_lost',
  'opportunity lost': 'closed_lost',
};

const OUR_TYPES = new Set<string>(EVENT_TYPES);

/** Our type for a Segment event name: the table above, else the name in snake_case if it is one of ours. */
export function eventTypeFor(name: string): TEventType | undefined {
  const spaced = name.trim().toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ');
  const mapped = SEGMENT_EVENT_NAMES[spaced];
  if (mapped) return mapped;
  const snake = spaced.replace(/ /g, '_');
  return OUR_TYPES.has(snake) ? (snake as TEventType) : undefined;
}

type TMessage = Record<string, unknown>;

const record = (value: unknown): TMessage => (value && typeof value === 'object' && !Array.isArray(value) ? (value as TMessage) : {});
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
const number = (value: unknown): number | undefined => {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};
const looksLikeEmail = (value: string | undefined) => (value && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value) ? value : undefined);

/** The identities a message carries: `user:<userId>`, `anonymous:<anonymousId>`. */
export function identityKeys(message: TMessage): string[] {
  const keys: string[] = [];
  const userId = text(message.userId);
  const anonymousId = text(message.anonymousId);
  if (userId) keys.push(`user:${userId}`);
  if (anonymousId) keys.push(`anonymous:${anonymousId}`);
  return keys;
}

/** The e-mail a message is about: its traits, its properties, its context, a userId that is one, or an identity already known. */
export function messageEmail(message: TMessage, known: ReadonlyMap<string, string>): string | undefined {
  const traits = record(message.traits);
  const properties = record(message.properties);
  const contextTraits = record(record(message.context).traits);
  return (
    text(traits.email) ??
    text(properties.email) ??
    text(contextTraits.email) ??
    looksLikeEmail(text(message.userId)) ??
    identityKeys(message)
      .map((key) => known.get(key))
      .find((email) => email !== undefined)
  );
}

/** An identify call as a lead payload (validated later like any other lead). */
export function identifyToLead(message: TMessage, knownUsers: ReadonlyMap<string, string>): unknown {
  const traits = record(message.traits);
  const company = typeof traits.company === 'string' ? { name: traits.company } : record(traits.company);
  const campaign = record(record(message.context).campaign);
  const lead: Record<string, unknown> = {
    email: messageEmail(message, knownUsers),
    firstName: text(traits.firstName) ?? text(traits.first_name),
    lastName: text(traits.lastName) ?? text(traits.last_name),
    title: text(traits.title),
    source: text(traits.source) ?? text(campaign.source),
    campaign: text(traits.campaign) ?? text(campaign.name),
    ownerEmail: text(traits.owner_email) ?? text(traits.ownerEmail),
  };
  const companyFields = {
    name: text(company.name),
    domain: text(company.domain) ?? text(traits.company_domain),
    employees: number(company.employees) ?? number(company.employee_count) ?? number(traits.employees),
    industry: text(company.industry) ?? text(traits.industry),
    country: text(company.country) ?? text(record(traits.address).country) ?? text(traits.country),
    techStack: Array.isArray(company.tech_stack) ? company.tech_stack : undefined,
  };
  const definedCompany = Object.fromEntries(Object.entries(companyFields).filter(([, v]) => v !== undefined));
  if (Object.keys(definedCompany).length > 0) lead.company = definedCompany;
  return Object.fromEntries(Object.entries(lead).filter(([, v]) => v !== undefined));
}

export type TTrackResult = { event: unknown } | { error: { field: string; message: string } };

/** A track (or page) call as an event payload, or the reason it cannot be one. */
export function trackToEvent(message: TMessage, knownUsers: ReadonlyMap<string, string>): TTrackResult {
  const properties = record(message.properties);
  let type: TEventType | undefined;
  if (message.type === 'page') {
    const where = `${text(properties.path) ?? ''} ${text(properties.url) ?? ''} ${text(message.name) ?? ''}`.toLowerCase();
    type = where.includes('pricing') ? 'pricing_view' : 'page_view';
  } else {
    const name = text(message.event);
    if (!name) return { error: { field: 'event', message: 'event: a track call needs an event name' } };
    type = eventTypeFor(name);
    if (!type) return { error: { field: 'event', message: `event: "${name}" is not an event Handshake knows (see the README's Segment mapping)` } };
  }
  return {
    event: {
      id: text(message.messageId),
      email: messageEmail(message, knownUsers),
      type,
      at: text(message.timestamp) ?? text(message.sentAt) ?? text(message.receivedAt),
      properties,
    },
  };
}
