import { normaliseEmail } from './email';
import type { TSelectorGroup, TSiteAdapter } from './types';

// Outlook on the web (work and personal): the sender of the open message. Nothing here
// reads a label: OWA translates them ("Reading Pane", "Lesebereich", "Volet de lecture";
// "From:", "Von:", "De :"). The sender is found by structure and read from what OWA puts
// the address in (the persona's title, an accessible name, a link), never from the shown
// text, which is the display name.

/** A message is open when the path names one: /mail/inbox/id/{id} or /mail/id/{id}. */
const OPEN_MESSAGE = /\/mail\/(?:[^/]+\/)*id\/[^/]+/;

/** The open message's pane. */
export const OUTLOOK_PANE: TSelectorGroup = {
  finds: 'the reading pane',
  alternatives: [
    { selector: '#ReadingPaneContainerId', pages: ['outlook-reading-pane.html', 'outlook-reading-pane-de.html', 'outlook-reading-pane-es.html'] },
    // Builds without that id: the main landmark, which also holds the message list.
    { selector: '[role="main"]', pages: ['outlook-reading-pane-fr.html'] },
  ],
  select: (document, selector) => [...document.querySelectorAll(selector)],
};

/** Never the sender: the message list, and the message's body (a signature's address). */
const NOT_THE_HEADER = '[role="listbox"], [role="option"], [role="document"]';

/** The sender, then the recipients, in the pane: the first alternative that finds an address is read. */
export const OUTLOOK_SENDER: TSelectorGroup = {
  finds: 'the sender of the open message',
  alternatives: [
    // The sender persona's tooltip: the address, or "Name <address>".
    { selector: '[title*="@"]', pages: ['outlook-reading-pane.html', 'outlook-reading-pane-de.html'] },
    // The persona button's accessible name: "De : Jonas Weber <jonas.weber@…>".
    { selector: '[aria-label*="@"]', pages: ['outlook-reading-pane-fr.html'] },
    // The address linked.
    { selector: 'a[href^="mailto:" i]', pages: ['outlook-reading-pane-es.html'] },
  ],
  select(document, selector) {
    const pane = OUTLOOK_PANE.alternatives.map((alternative) => document.querySelector(alternative.selector)).find(Boolean);
    return pane ? [...pane.querySelectorAll(selector)].filter((element) => !element.closest(NOT_THE_HEADER)) : [];
  },
};

/** "Name <address>" reads as the address in brackets, even when the name holds an @. */
function addressIn(element: Element): string | undefined {
  for (const attribute of ['title', 'aria-label', 'href']) {
    const value = element.getAttribute(attribute)?.replace(/^mailto:/i, '');
    const email = normaliseEmail(/<([^<>\s]+@[^<>\s]+)>/.exec(value ?? '')?.[1] ?? value);
    if (email) return email;
  }
  return undefined;
}

function sender(document: Document): string | undefined {
  for (const { selector } of OUTLOOK_SENDER.alternatives) {
    for (const element of OUTLOOK_SENDER.select(document, selector)) {
      const email = addressIn(element);
      if (email) return email;
    }
  }
  return undefined;
}

export const outlook: TSiteAdapter = {
  id: 'outlook',
  name: 'Outlook',
  mail: true,
  matches: [
    'https://outlook.office.com/mail/*',
    'https://outlook.office365.com/mail/*',
    'https://outlook.live.com/mail/*',
    // Microsoft 365's newer address for the same app.
    'https://outlook.cloud.microsoft/mail/*',
  ],
  readsPage: (url) => OPEN_MESSAGE.test(url.pathname),
  detect(url, document, ownAddresses = []) {
    if (!OPEN_MESSAGE.test(url.pathname)) return null;
    const email = sender(document);
    // The rep's own message (Sent Items) names no lead.
    return email && !ownAddresses.some((own) => own.toLowerCase() === email) ? { email } : null;
  },
  selectors: [OUTLOOK_PANE, OUTLOOK_SENDER],
  testUrls: {
    lead: [
      'https://outlook.office.com/mail/inbox/id/AAQkADAwATM0MDAAMS1iNTcwLWI2NTEtMDACLTAwCgAQAGJ%2BXw',
      'https://outlook.live.com/mail/0/id/AQMkADAwATY3ZmYAZS1kNjA2',
      'https://outlook.cloud.microsoft/mail/inbox/id/AAQkADAwATM0MDAAMS1iNTcwLWI2NTEtMDACLTAwCgAQAGJ',
    ],
    noLead: ['https://outlook.office.com/mail/inbox', 'https://outlook.office.com/calendar/view/week'],
  },
};
