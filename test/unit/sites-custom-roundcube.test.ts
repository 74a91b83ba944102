import { describe, expect, it } from 'vitest';
import { detectByEmail, isRobotAddress } from '../../extension/sites/custom';
import { savedPage } from '../support/saved-pages';

// Roundcube's own markup, captured from a real Roundcube (scripts/capture-roundcube-pages.ts):
// the top page holds the message list, every sender in it; the open message is the document
// of the same-origin preview frame (#messagecontframe).

const REP = 'ines.moreau@example.com';
const at = 'http://localhost:8080/?_task=mail&_mbox=INBOX';
const top = (file: string) => savedPage(file, at).document;
const preview = (file: string) => savedPage(file, `${at}&_action=preview&_framed=1`).document;

describe('a custom site that shows the open item in a same-origin frame (Roundcube)', () => {
  it("reads the preview frame's sender before the list's rows, and offers who is in copy", () => {
    expect(detectByEmail(top('roundcube-inbox-lead-open.html'), [REP], [preview('roundcube-preview-lead.html')])).toEqual({
      email: 'camille.durand@northwind-analytics.fr',
      alternatives: ['paul.marchand@northwind-analytics.fr'],
    });
  });

  it('while the frame loads, reads the row marked selected, not the first sender of the list', () => {
    expect(detectByEmail(top('roundcube-inbox-lead-open.html'), [REP], [])).toEqual({ email: 'camille.durand@northwind-analytics.fr' });
  });

  it('finds no lead in a newsletter, whose addresses are all list machinery, and takes no list row instead', () => {
    expect(detectByEmail(top('roundcube-inbox-newsletter-open.html'), [REP], [preview('roundcube-preview-newsletter.html')])).toBeNull();
    expect(detectByEmail(top('roundcube-inbox-newsletter-open.html'), [REP], [])).toBeNull();
  });

  it('reads a delivery report by the address that bounced, skipping the mailer daemon', () => {
    expect(detectByEmail(top('roundcube-inbox-bounce-open.html'), [REP], [preview('roundcube-preview-bounce.html')])).toEqual({ email: 'lucas.bernard@old-domain.example' });
  });
});

describe('robot and list addresses', () => {
  it.each([
    'news@mail.saasweekly.example',
    'newsletter@brand.example',
    'unsubscribe@mail.saasweekly.example',
    'bounce-8f3a2c@mail.saasweekly.example',
    'msprvs1=abc=bounces-123@mail.example',
    'owner-saasweekly@lists.saasweekly.example',
    'saasweekly-request@lists.example',
    'MAILER-DAEMON@mx1.example.com',
    'postmaster@example.com',
    'no-reply@acme-crm.example',
    'notifications@github.example',
  ])('%s is skipped', (email) => {
    expect(isRobotAddress(email)).toBe(true);
  });

  it.each(['camille.durand@northwind-analytics.fr', 'newsom@city.example', 'lisa@brightlane.de', 'paul.listing@agency.example', 'owner@founder.example'])('%s is a person', (email) => {
    expect(isRobotAddress(email)).toBe(false);
  });
});
