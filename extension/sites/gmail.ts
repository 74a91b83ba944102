import { normaliseEmail } from './email';
import type { TSiteAdapter } from './types';

// Gmail: the sender of the open message. The thread view puts each sender in a span
// carrying the address in its `email` attribute; the newest message from someone other
// than the rep is the lead's. A thread of the rep's own messages: its first recipient.
export const GMAIL_SENDER_SELECTORS = ['h3.iw span[email]', 'span.gD[email]'] as const;
export const GMAIL_RECIPIENT_SELECTORS = ['span.g2[email]'] as const;

/** A message is open when the hash names a thread: #inbox/FMfcgz…, #label/x/…, #search/q/…, #all/… */
const OPEN_THREAD = /^#[^/]+(?:\/[^/]+)*\/[A-Za-z0-9]{16,}$/;

function addresses(document: Document, selectors: readonly string[]): string[] {
  return [...document.querySelectorAll(selectors.join(', '))].flatMap((element) => normaliseEmail(element.getAttribute('email')) ?? []);
}

export const gmail: TSiteAdapter = {
  id: 'gmail',
  name: 'Gmail',
  mail: true,
  matches: ['https://mail.google.com/mail/*'],
  readsPage: (url) => OPEN_THREAD.test(url.hash),
  detect(url, document, ownAddresses = []) {
    if (!OPEN_THREAD.test(url.hash)) return null;
    // Gmail's title names the mailbox: "Subject - lea.martin@example.com - Gmail", or "- Acme Mail" on Google Workspace.
    const mailbox = normaliseEmail(/ - (\S+@\S+) - [^@]+$/.exec(document.title)?.[1]);
    const own = new Set([...ownAddresses.map((address) => address.toLowerCase()), ...(mailbox ? [mailbox] : [])]);
    const notOwn = (email: string) => !own.has(email);
    const email = addresses(document, GMAIL_SENDER_SELECTORS).filter(notOwn).at(-1) ?? addresses(document, GMAIL_RECIPIENT_SELECTORS).find(notOwn);
    return email ? { email } : null;
  },
  testUrls: {
    lead: ['https://mail.google.com/mail/u/0/#inbox/FMfcgzQZTMKrGxkBbWlcnLgSsbVdpPxB', 'https://mail.google.com/mail/u/1/#label/Leads/FMfcgzQZTMKrGxkBbWlcnLgSsbVdpPxB'],
    noLead: ['https://mail.google.com/mail/u/0/#inbox', 'https://mail.google.com/mail/u/0/#search/demo'],
  },
};
