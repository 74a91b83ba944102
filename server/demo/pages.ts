import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { html } from 'hono/html';
import { displayLine } from '../../shared/display-text';
import { ZEmail } from '../../shared/schemas';
import type { Database } from '../db/client';
import { accounts, leads } from '../db/schema';
import { DEMO_LEADS } from './seed';

// Stand-ins for CRM and webmail pages, so a newcomer without a CRM account sees the
// sidebar on real demo data. Each page is at a URL the extension's demo adapter reads the
// same way as the real site's: a record id for the CRMs, the sender's address for mail.
// Mounted only in demo mode; the server listens on loopback by default. What a lead wrote is
// escaped by hono/html and shown through `displayLine` (no bidirectional overrides).

const CRMS = { hubspot: leads.hubspotId, salesforce: leads.salesforceId, pipedrive: leads.pipedriveId } as const;
const CRM_NAMES = { hubspot: 'HubSpot', salesforce: 'Salesforce', pipedrive: 'Pipedrive' } as const;
type TCrm = keyof typeof CRMS;

function layout(title: string, body: ReturnType<typeof html>) {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>${title} · Handshake demo</title>
        <style>
          body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1f2933; background: #f5f7fa; overflow-wrap: anywhere; }
          header { background: #243b53; color: #fff; padding: 12px 24px; }
          main { max-width: 760px; padding: 24px; }
          .card { background: #fff; border: 1px solid #d9e2ec; border-radius: 8px; padding: 16px 20px; margin-bottom: 16px; }
          dt { color: #627d98; font-size: 13px; }
          dd { margin: 0 0 8px; }
          a { color: #2f6fde; }
        </style>
      </head>
      <body>
        <header>${title}</header>
        <main>${body}</main>
      </body>
    </html>`;
}

function leadName(lead: { firstName: string | null; lastName: string | null }): string {
  return displayLine([lead.firstName, lead.lastName].filter(Boolean).join(' '));
}

export function demoPages(database: Database): Hono {
  const app = new Hono();

  app.get('/', (c) =>
    c.html(
      layout(
        'Handshake demo pages',
        html`<p>Open a lead as it would appear in your CRM or inbox; the Handshake sidebar shows its handover packet.</p>
          ${DEMO_LEADS.map(
            (lead) => html`<div class="card">
              <strong>${lead.firstName} ${lead.lastName}</strong>, ${lead.title} at ${lead.company.name}<br />
              <small>${lead.story}</small><br />
              <a href="/demo/hubspot/${lead.crmIds.hubspot}">HubSpot</a> ·
              <a href="/demo/salesforce/${lead.crmIds.salesforce}">Salesforce</a> ·
              <a href="/demo/pipedrive/${lead.crmIds.pipedrive}">Pipedrive</a> ·
              <a href="/demo/mail/${encodeURIComponent(lead.email)}">Mail</a>
            </div>`,
          )}`,
      ),
    ),
  );

  app.get('/:crm{hubspot|salesforce|pipedrive}/:recordId', async (c) => {
    const crm = c.req.param('crm') as TCrm;
    const lead = await database.db.query.leads.findFirst({ where: eq(CRMS[crm], c.req.param('recordId')) });
    if (!lead) return c.html(layout('Record not found', html`<p>No demo lead has this ${crm} record id.</p>`), 404);
    const account = lead.accountId ? await database.db.query.accounts.findFirst({ where: eq(accounts.id, lead.accountId) }) : undefined;
    const name = leadName(lead) || lead.email;
    return c.html(
      layout(
        `${name} · ${CRM_NAMES[crm]} (demo)`,
        html`<div class="card">
          <h1>${name}</h1>
          <dl>
            <dt>Title</dt><dd>${displayLine(lead.title ?? '') || '—'}</dd>
            <dt>Company</dt><dd>${displayLine(account?.name ?? '') || '—'}</dd>
            <dt>Email</dt><dd><a href="mailto:${lead.email}">${lead.email}</a></dd>
            <dt>Source</dt><dd>${displayLine(lead.source ?? '') || '—'}</dd>
          </dl>
        </div>`,
      ),
    );
  });

  app.get('/mail/:email', async (c) => {
    // Hono has decoded the path segment, or left it as it came when it is malformed (%ff):
    // either way, anything but an e-mail address is the link's fault.
    const parsed = ZEmail.safeParse(c.req.param('email'));
    if (!parsed.success) {
      return c.html(layout('Not an e-mail address', html`<p>This demo inbox link is not an e-mail address: open a message from the <a href="/demo">demo index</a>.</p>`), 400);
    }
    const email = parsed.data;
    const lead = await database.db.query.leads.findFirst({ where: eq(leads.email, email) });
    const name = (lead && leadName(lead)) || email;
    return c.html(
      layout(
        'Inbox (demo)',
        html`<div class="card" role="article">
          <div>From: <span class="sender" data-email="${email}">${name} &lt;${email}&gt;</span></div>
          <h2>Re: Following up</h2>
          <p>Thanks for the material — could we find a time to talk this week?</p>
        </div>`,
      ),
    );
  });

  return app;
}
