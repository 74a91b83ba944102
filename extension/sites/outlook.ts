import { firstEmail } from './email';
import type { TSiteAdapter } from './types';

// Outlook on the web (work and personal): the sender in the reading pane. The sender's
// persona button carries the address in its accessible name or title.
export const OUTLOOK_SENDER_SELECTORS = [
  '[role="main"] [data-testid="SenderPersona"]',
  '[role="main"] .OZZZK [title*="@"]',
  '[aria-label="Reading Pane"] [aria-label^="From:"]',
  '[aria-label="Reading Pane"] span[title*="@"]',
] as const;

export const outlook: TSiteAdapter = {
  id: 'outlook',
  name: 'Outlook',
  matches: ['https://outlook.office.com/mail/*', 'https://outlook.office365.com/mail/*', 'https://outlook.live.com/mail/*'],
  detect(url, document, ownAddresses = []) {
    // A message is open when the path names one: /mail/inbox/id/{id} or /mail/id/{id}.
    if (!/\/mail\/(?:[^/]+\/)*id\/[^/]+/.test(url.pathname)) return null;
    const email = firstEmail(document, OUTLOOK_SENDER_SELECTORS, ['aria-label', 'title']);
    // The rep's own message (Sent Items) names no lead.
    return email && !ownAddresses.some((own) => own.toLowerCase() === email) ? { email } : null;
  },
  testUrls: {
    lead: ['https://outlook.office.com/mail/inbox/id/AAQkADAwATM0MDAAMS1iNTcwLWI2NTEtMDACLTAwCgAQAGJ%2BXw', 'https://outlook.live.com/mail/0/id/AQMkADAwATY3ZmYAZS1kNjA2'],
    noLead: ['https://outlook.office.com/mail/inbox', 'https://outlook.office.com/calendar/view/week'],
  },
};
