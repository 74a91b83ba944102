import { decodedOrAsIs, normaliseEmail } from './email';
import type { TLeadRef } from './types';

// A team's own site (a self-hosted CRM, a help desk), added in the options: no record id
// to read, so the lead is the e-mail address on the page. Links and fields that hold an
// address come first, then the page's text. The rep's own address and robot senders are
// not leads; the other addresses found are offered in the sidebar to switch to.

const ADDRESS_ELEMENTS = 'a[href^="mailto:" i], input[type="email"], [data-email], [itemprop="email"]';
const SKIPPED_TEXT = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'SELECT', 'OPTION', 'HEAD']);
const EMAILS_IN_TEXT = /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi;
const ROBOT = /^(?:no-?reply|do-?not-?reply|mailer-daemon|postmaster|notifications?)@/;
/** Enough for a record page; a page listing hundreds of people is not one lead. */
const MAX_ADDRESSES = 20;
const MAX_TEXT_NODES = 5000;

function addressesOfElements(document: Document): string[] {
  return [...document.querySelectorAll(ADDRESS_ELEMENTS)].flatMap((element) => {
    const raw =
      element.getAttribute('href')?.replace(/^mailto:/i, '').split('?')[0] ??
      element.getAttribute('data-email') ??
      (element as HTMLInputElement).value ??
      element.textContent;
    const email = normaliseEmail(decodedOrAsIs(raw ?? ''));
    return email ? [email] : [];
  });
}

function addressesInText(document: Document): string[] {
  const found: string[] = [];
  if (!document.body) return found;
  const walker = document.createTreeWalker(document.body, 4 /* NodeFilter.SHOW_TEXT */, {
    acceptNode: (node) => (SKIPPED_TEXT.has(node.parentElement?.tagName ?? '') ? 2 /* FILTER_REJECT */ : 1 /* FILTER_ACCEPT */),
  });
  for (let node = walker.nextNode(), seen = 0; node && seen < MAX_TEXT_NODES && found.length < MAX_ADDRESSES; node = walker.nextNode(), seen++) {
    for (const match of node.nodeValue?.matchAll(EMAILS_IN_TEXT) ?? []) found.push(match[0].toLowerCase());
  }
  return found;
}

/** The distinct lead addresses on the page, in order of preference. */
export function emailsOnPage(document: Document, notLeads: readonly string[] = []): string[] {
  const excluded = new Set(notLeads.map((email) => email.toLowerCase()));
  const distinct = new Set([...addressesOfElements(document), ...addressesInText(document)]);
  return [...distinct].filter((email) => !excluded.has(email) && !ROBOT.test(email)).slice(0, MAX_ADDRESSES);
}

/** The lead on a custom site, or null; `notLeads` are the signed-in rep's own addresses. */
export function detectByEmail(document: Document, notLeads: readonly string[] = []): TLeadRef | null {
  const [email, ...alternatives] = emailsOnPage(document, notLeads);
  if (!email) return null;
  return alternatives.length > 0 ? { email, alternatives } : { email };
}
