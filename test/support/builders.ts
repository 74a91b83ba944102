import type { TEvent, TEventProperties, TEventType, TLead } from '../../shared/schemas';

export const EMAIL = 'alex.morgan@acme-analytics.com';

/** An in-ICP decision-maker; override what a test is about. */
export function icpLead(overrides: Partial<TLead> = {}): TLead {
  return {
    email: EMAIL,
    firstName: 'Alex',
    lastName: 'Morgan',
    title: 'VP Sales',
    company: {
      name: 'Acme Analytics',
      domain: 'acme-analytics.com',
      employees: 400,
      industry: 'Computer Software',
      country: 'US',
      techStack: ['Salesforce'],
    },
    source: 'webinar',
    campaign: 'q4-webinar',
    ...overrides,
  };
}

let sequence = 0;

export function event(type: TEventType, at: string, properties: TEventProperties = {}): TEvent {
  sequence += 1;
  return { id: `ev-${sequence}`, email: EMAIL, type, at, properties };
}

/** An instant `days` (fractional allowed) before `at`, as ISO-8601. */
export function daysBefore(at: Date, days: number): string {
  return new Date(at.getTime() - days * 24 * 60 * 60 * 1000).toISOString();
}
