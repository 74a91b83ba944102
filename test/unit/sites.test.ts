import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { adapterFor, SITE_ADAPTERS } from '../../extension/sites';
import { detectByEmail, emailsOnPage } from '../../extension/sites/custom';
import type { TLeadRef } from '../../extension/sites/types';

const PAGES = join(import.meta.dirname, '../fixtures/pages');

/** A saved page, parsed at the URL it was saved from. */
function page(file: string, url: string): { url: URL; document: Document } {
  const window = new Window({ url });
  window.document.write(readFileSync(join(PAGES, file), 'utf8'));
  return { url: new URL(url), document: window.document as unknown as Document };
}

const emptyDocument = () => new Window().document as unknown as Document;

/** A page showing leads every way the adapters read them: a mail thread, a reading pane, a record. */
function busyDocument(): Document {
  const window = new Window();
  for (const file of ['gmail-thread.html', 'outlook-reading-pane.html', 'salesforce-lead.html']) window.document.write(readFileSync(join(PAGES, file), 'utf8'));
  return window.document as unknown as Document;
}

describe.each(SITE_ADAPTERS.map((adapter) => [adapter.id, adapter] as const))('%s adapter', (_id, adapter) => {
  it('has URLs it must claim and URLs it must not', () => {
    expect(adapter.testUrls.lead.length).toBeGreaterThan(0);
    expect(adapter.testUrls.noLead.length).toBeGreaterThan(0);
  });

  it.each(adapter.testUrls.lead)('is the adapter for %s', (url) => {
    expect(adapterFor(new URL(url))?.id).toBe(adapter.id);
  });

  it.each(adapter.testUrls.noLead)('finds no lead on %s', (url) => {
    expect(adapter.detect(new URL(url), emptyDocument())).toBeNull();
  });

  // The content script watches the DOM only where readsPage says the lead is read from it
  // (page/watch-page.ts): everywhere else the URL alone must name the lead.
  const byUrlAlone = [...adapter.testUrls.lead, ...adapter.testUrls.noLead].filter((url) => !adapter.readsPage?.(new URL(url)));
  it.each(byUrlAlone)('names the same lead on %s whatever the page shows, as it does not read the page there', (url) => {
    expect(adapter.detect(new URL(url), busyDocument())).toEqual(adapter.detect(new URL(url), emptyDocument()));
  });
});

describe('leads on saved pages, at their real URLs', () => {
  it.each<[string, string, TLeadRef]>([
    ['hubspot-contact.html', 'https://app.hubspot.com/contacts/4471234/record/0-1/51234', { crm: 'hubspot', recordId: '51234' }],
    ['hubspot-contact.html', 'https://app.hubspot.com/contacts/4471234/contact/51234/', { crm: 'hubspot', recordId: '51234' }],
    [
      'salesforce-lead.html',
      'https://acme.lightning.force.com/lightning/r/Lead/00Q5g00000AbCdEFGH/view',
      { crm: 'salesforce', recordId: '00Q5g00000AbCdEFGH', email: 'camille.durand@northwind-analytics.fr' },
    ],
    ['salesforce-contact.html', 'https://acme.lightning.force.com/lightning/r/Contact/0035g00000QwErTyUI/view', { email: 'dana.whitfield@bigco.com' }],
    ['pipedrive-person.html', 'https://acme.pipedrive.com/person/778', { crm: 'pipedrive', recordId: '778' }],
    ['gmail-thread.html', 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQZTMKrGxkBbWlcnLgSsbVdpPxB', { email: 'camille.durand@northwind-analytics.fr' }],
    ['outlook-reading-pane.html', 'https://outlook.office.com/mail/inbox/id/AAQkADAwATM0MDAAMS1iNTcwLWI2NTEtMDACLTAwCgAQAGJ', { email: 'jonas.weber@bergmann-logistik.de' }],
  ])('%s at %s', (file, url, expected) => {
    const { url: at, document } = page(file, url);
    const adapter = adapterFor(at);
    expect(adapter).toBeDefined();
    expect(adapter!.detect(at, document)).toEqual(expected);
  });

  it('reads the newest outside sender of a Gmail thread, not the first, and not the rep who replied last', () => {
    // Paul wrote first, Camille after him, then the rep (the mailbox in the title) answered both.
    const { url, document } = page('gmail-thread-two-senders.html', 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQZTMKrGxkBbWlcnLgSsbVdpPxB');
    expect(adapterFor(url)!.detect(url, document)).toEqual({ email: 'camille.durand@northwind-analytics.fr' });
  });

  it("takes the newest message not from the rep: a thread the rep replied to last is still the lead's", () => {
    const { url, document } = page('gmail-thread-rep-replied.html', 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQZTMKrGxkBbWlcnLgSsbVdpPxB');
    // The mailbox is in Gmail's title; the rep's address from the session counts too.
    expect(adapterFor(url)!.detect(url, document)).toEqual({ email: 'jonas.weber@bergmann-logistik.de' });
    document.title = 'Re: Pricing for 40 seats - lea.martin@handshake.example - Handshake Mail';
    expect(adapterFor(url)!.detect(url, document)).toEqual({ email: 'jonas.weber@bergmann-logistik.de' });
    document.title = 'Re: Pricing for 40 seats - Gmail';
    expect(adapterFor(url)!.detect(url, document, ['Lea.Martin@handshake.example'])).toEqual({ email: 'jonas.weber@bergmann-logistik.de' });
  });

  it("reads a message the rep sent by its first recipient who is not the rep", () => {
    const { url, document } = page('gmail-sent.html', 'https://mail.google.com/mail/u/0/#sent/FMfcgzQZTMKrGxkBbWlcnLgSsbVdpPxB');
    expect(adapterFor(url)!.detect(url, document)).toEqual({ email: 'dana.whitfield@bigco.com' });
  });

  it('finds no lead in an Outlook message the rep sent', () => {
    const { url, document } = page('outlook-reading-pane.html', 'https://outlook.office.com/mail/sentitems/id/AAQkADAwATM0MDAAMS1iNTcwLWI2NTEtMDACLTAwCgAQAGJ');
    expect(adapterFor(url)!.detect(url, document, ['jonas.weber@bergmann-logistik.de'])).toBeNull();
  });

  it('claims no page outside the supported sites', () => {
    for (const url of ['https://example.com/', 'https://app.hubspot.com.evil.com/contacts/1/record/0-1/2', 'https://www.pipedrive.com/en/pricing']) {
      expect(adapterFor(new URL(url))).toBeUndefined();
    }
  });
});

describe('a custom site: the lead is the e-mail address on the page', () => {
  const at = 'https://crm.acme-crm.example/people/42';

  it('prefers linked addresses, then text; skips robots, scripts, styles and form drafts', () => {
    const { document } = page('custom-crm-person.html', at);
    expect(emailsOnPage(document)).toEqual(['camille.durand@northwind-analytics.fr', 'sam.rep@handshake-demo.com', 'paul.marchand@northwind-analytics.fr']);
  });

  it("leaves out the rep's own address and offers the others to switch to", () => {
    const { document } = page('custom-crm-person.html', at);
    expect(detectByEmail(document, ['Sam.Rep@handshake-demo.com'])).toEqual({
      email: 'camille.durand@northwind-analytics.fr',
      alternatives: ['paul.marchand@northwind-analytics.fr'],
    });
  });

  it('reads a malformed mailto: link as written instead of failing', () => {
    const window = new Window({ url: at });
    window.document.body.innerHTML = '<a href="mailto:100%zz@odd.example">write</a><a href="mailto:ok%40fine.example">write</a>';
    expect(emailsOnPage(window.document as unknown as Document)).toEqual(['100%zz@odd.example', 'ok@fine.example']);
  });

  it('finds no lead on a page without an address', () => {
    expect(detectByEmail(emptyDocument())).toBeNull();
  });

  it('stops at twenty addresses on a page that lists many people', () => {
    const window = new Window({ url: at });
    window.document.body.innerHTML = Array.from({ length: 60 }, (_, i) => `<p>person${i}@example.com</p>`).join('');
    expect(emailsOnPage(window.document as unknown as Document)).toHaveLength(20);
  });
});
