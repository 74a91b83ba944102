import { decodedOrAsIs, normaliseEmail } from './email';
import { frameDocuments } from './frames';
import type { TLeadRef } from './types';

// A team's own site (a self-hosted CRM, a help desk, a webmail), added in the options: no
// record id to read, so the lead is the e-mail address on the page. The opened item comes
// first — the same-origin frame showing it (a webmail's reading pane), else the element the
// page marks selected — and only when there is none, the whole page: a list's rows are not
// the lead. In each, links and fields that hold an address come before the text. The rep's
// own address and robot and list senders are not leads; the other addresses found are
// offered in the sidebar to switch to.

const ADDRESS_ELEMENTS = 'a[href^="mailto:" i], input[type="email"], [data-email], [itemprop="email"], [title*="@"]';
const SELECTED = '[aria-selected="true"], [aria-current]:not([aria-current="false"])';
const SKIPPED_TEXT = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'SELECT', 'OPTION', 'HEAD']);
const EMAILS_IN_TEXT = /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi;
/**
 * Robots and mailing lists, by the address's local part: no-reply senders, delivery reports
 * (mailer-daemon, postmaster, bounce addresses), newsletters and list machinery
 * (unsubscribe, list-owner, -request).
 */
const ROBOT =
  /^(?:no-?reply|do-?not-?reply|mailer-daemon|postmaster|notifications?|news(?:letters?)?|list(?:serv)?|majordomo|owner-[^@]*|[^@]*-(?:owner|request))(?:[+._-][^@]*)?@|^[^@]*(?:bounce|unsubscribe)[^@]*@/;
/** Enough for a record page; a page listing hundreds of people is not one lead. */
const MAX_ADDRESSES = 20;
const MAX_TEXT_NODES = 5000;

export function isRobotAddress(email: string): boolean {
  return ROBOT.test(email.toLowerCase());
}

function addressOfElement(element: Element): string | undefined {
  const candidates = [
    element.getAttribute('href')?.replace(/^mailto:/i, '').split('?')[0],
    element.getAttribute('data-email'),
    element.tagName === 'INPUT' ? (element as HTMLInputElement).value : undefined,
    element.getAttribute('title'),
    element.textContent,
  ];
  for (const candidate of candidates) {
    const email = candidate ? normaliseEmail(decodedOrAsIs(candidate)) : undefined;
    if (email) return email;
  }
  return undefined;
}

function addressesOfElements(root: ParentNode): string[] {
  return [...root.querySelectorAll(ADDRESS_ELEMENTS)].flatMap((element) => addressOfElement(element) ?? []);
}

function addressesInText(root: Node): string[] {
  const found: string[] = [];
  const walker = (root.ownerDocument ?? (root as Document)).createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */, {
    acceptNode: (node) => (SKIPPED_TEXT.has(node.parentElement?.tagName ?? '') ? 2 /* FILTER_REJECT */ : 1 /* FILTER_ACCEPT */),
  });
  for (let node = walker.nextNode(), seen = 0; node && seen < MAX_TEXT_NODES && found.length < MAX_ADDRESSES * 2; node = walker.nextNode(), seen++) {
    for (const match of node.nodeValue?.matchAll(EMAILS_IN_TEXT) ?? []) found.push(match[0].toLowerCase());
  }
  return found;
}

/** Where the opened item may be, most specific first: the frames shown, the selected elements, the page. */
function scopes(document: Document, frames: readonly Document[]): Element[][] {
  const bodies = frames.flatMap((frame) => (frame.body ? [[frame.body]] : []));
  const selected = [...document.querySelectorAll(SELECTED)];
  return [...bodies, ...(selected.length > 0 ? [selected] : []), ...(document.body ? [[document.body]] : [])];
}

/**
 * The distinct lead addresses of the opened item (or of the page when none is open), in
 * order of preference. The first scope that holds any address not the rep's is the one
 * read, even when all it holds are robots': a newsletter opened is not a list row's lead.
 * `frames` are the documents of the page's same-origin frames (read from the page by default).
 */
export function emailsOnPage(document: Document, notLeads: readonly string[] = [], frames: readonly Document[] = frameDocuments(document)): string[] {
  const excluded = new Set(notLeads.map((email) => email.toLowerCase()));
  for (const roots of scopes(document, frames)) {
    const found = new Set([...roots.flatMap(addressesOfElements), ...roots.flatMap(addressesInText)]);
    const others = [...found].filter((email) => !excluded.has(email));
    if (others.length > 0) return others.filter((email) => !isRobotAddress(email)).slice(0, MAX_ADDRESSES);
  }
  return [];
}

/** The lead on a custom site, or null; `notLeads` are the signed-in rep's own addresses. */
export function detectByEmail(document: Document, notLeads: readonly string[] = [], frames: readonly Document[] = frameDocuments(document)): TLeadRef | null {
  const [email, ...alternatives] = emailsOnPage(document, notLeads, frames);
  if (!email) return null;
  return alternatives.length > 0 ? { email, alternatives } : { email };
}
