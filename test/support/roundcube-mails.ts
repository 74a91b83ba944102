import type { TMail } from './roundcube';

// The inbox of the Roundcube tests (oldest first): two leads' mails, one from a colleague of
// theirs in copy, a newsletter whose addresses are all list machinery, and a delivery report.

export const ROUNDCUBE_REP = 'ines.moreau@example.com';
export const ROUNDCUBE_PASSWORD = 'roundcube-secret';

export const ROUNDCUBE_LEADS = [
  { email: 'camille.durand@northwind-analytics.fr', firstName: 'Camille', lastName: 'Durand', title: 'Head of Revenue Operations' },
  { email: 'paul.marchand@northwind-analytics.fr', firstName: 'Paul', lastName: 'Marchand', title: 'Analyst' },
  { email: 'jonas.weber@brightlane.de', firstName: 'Jonas', lastName: 'Weber', title: 'Head of Sales Operations' },
  { email: 'lucas.bernard@old-domain.example', firstName: 'Lucas', lastName: 'Bernard', title: 'IT Manager' },
] as const;

export const ROUNDCUBE_MAILS: readonly TMail[] = [
  {
    from: 'Mail Delivery System <MAILER-DAEMON@mx1.example.com>',
    to: ROUNDCUBE_REP,
    subject: 'Undelivered Mail Returned to Sender',
    date: 'Mon, 30 Nov 2026 08:12:00 +0100',
    body: [
      'This is the mail system at host mx1.example.com.',
      '',
      "I'm sorry to have to inform you that your message could not",
      'be delivered to one or more recipients.',
      '',
      '<lucas.bernard@old-domain.example>: host mx.old-domain.example said:',
      '    550 5.1.1 User unknown',
    ].join('\n'),
  },
  {
    from: 'SaaS Weekly <news@mail.saasweekly.example>',
    to: ROUNDCUBE_REP,
    subject: 'This week: pipeline hygiene',
    date: 'Tue, 01 Dec 2026 07:00:00 +0100',
    headers: {
      'List-Unsubscribe': '<mailto:unsubscribe@mail.saasweekly.example?subject=unsubscribe>',
      'Return-Path': '<bounce-8f3a2c@mail.saasweekly.example>',
    },
    body:
      '<html><body><h1>SaaS Weekly</h1><p>Five habits of teams that hand over leads within the hour.</p>' +
      '<p>Questions? Write to <a href="mailto:bounce-8f3a2c@mail.saasweekly.example">bounce-8f3a2c@mail.saasweekly.example</a>.</p>' +
      '<p><a href="mailto:unsubscribe@mail.saasweekly.example?subject=unsubscribe">Unsubscribe</a> · list owner: owner-saasweekly@lists.saasweekly.example</p></body></html>',
  },
  {
    // No display name: the message list shows the address itself as text.
    from: 'jonas.weber@brightlane.de',
    to: ROUNDCUBE_REP,
    subject: 'Demo next week?',
    date: 'Wed, 02 Dec 2026 10:30:00 +0100',
    body: 'Hello Ines,\n\ncould we see a demo next week? Our ops lead will join.\n\nBest,\nJonas Weber\nHead of Sales Operations, Brightlane GmbH\njonas.weber@brightlane.de',
  },
  {
    from: 'Camille Durand <camille.durand@northwind-analytics.fr>',
    to: ROUNDCUBE_REP,
    subject: 'Pricing for 200 seats',
    date: 'Thu, 03 Dec 2026 09:15:00 +0100',
    headers: { Cc: 'Paul Marchand <paul.marchand@northwind-analytics.fr>' },
    body: 'Bonjour Inès,\n\nwe compared you with two other vendors; could you send pricing for 200 seats?\nPaul (paul.marchand@northwind-analytics.fr) is in copy.\n\nCamille',
  },
];
