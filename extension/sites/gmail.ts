import { normaliseEmail } from './email';
import type { TSiteAdapter } from './types';

// Gmail: the sender of the open message. The thread view puts each sender in a span
// carrying the address in its `email` attribute; the last expanded message is the newest.
export const GMAIL_SENDER_SELECTORS = ['h3.iw span[email]', 'span.gD[email]'] as const;

/** A message is open when the hash names a thread: #inbox/FMfcgz…, #label/x/…, #search/q/…, #all/… */
const OPEN_THREAD = /^#[^/]+(?:\/[^/]+)*\/[A-Za-z0-9]{16,}$/;

export const gmail: TSiteAdapter = {
  id: 'gmail',
  name: 'Gmail',
  matches: ['https://mail.google.com/mail/*'],
  detect(url, document) {
    if (!OPEN_THREAD.test(url.hash)) return null;
    const senders = document.querySelectorAll(GMAIL_SENDER_SELECTORS.join(', '));
    const email = normaliseEmail([...senders].at(-1)?.getAttribute('email'));
    return email ? { email } : null;
  },
  testUrls: {
    lead: ['https://mail.google.com/mail/u/0/#inbox/FMfcgzQZTMKrGxkBbWlcnLgSsbVdpPxB', 'https://mail.google.com/mail/u/1/#label/Leads/FMfcgzQZTMKrGxkBbWlcnLgSsbVdpPxB'],
    noLead: ['https://mail.google.com/mail/u/0/#inbox', 'https://mail.google.com/mail/u/0/#search/demo'],
  },
};
