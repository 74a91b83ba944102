import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Sidebar, type TSidebarCommand } from '../../extension/sidebar/Sidebar';
import { ExtensionError } from '../../extension/background/api';
import type { TLeadRef, TPacket } from '../../extension/lib/types';
import { fakeBackground, testQueryClient } from './background';
import { CAMILLE, CAMILLE_EVENTS, INES, packetFor } from './packet';

// The sidebar as a rep uses it: what it shows of a packet, and what each button asks of the
// background. The e2e suite runs the same component on real pages against a real server.

function renderSidebar(leadRef: TLeadRef | null) {
  const user = userEvent.setup();
  render(
    <QueryClientProvider client={testQueryClient()}>
      <Sidebar leadRef={leadRef} />
    </QueryClientProvider>,
  );
  return { user, panel: screen.getByRole('complementary', { name: 'Handshake' }) };
}

const ON_HUBSPOT: TLeadRef = { crm: 'hubspot', recordId: '51234' };

describe('the sidebar', () => {
  it('shows the packet: stage, the four criteria against both thresholds with their signals, the SLA, talking points, timeline', async () => {
    const packet = packetFor();
    const background = fakeBackground({ getPacket: () => Promise.resolve(packet) });
    const { panel } = renderSidebar(ON_HUBSPOT);
    await within(panel).findByText('Camille Durand');
    expect(background.of('getPacket')).toEqual([{ crm: 'hubspot', recordId: '51234', email: undefined }]);

    expect(within(panel).getByText('Directrice commerciale · Northwind Analytics')).toBeTruthy();
    expect(panel.querySelector('.hs-badge')!.textContent).toBe(packet.evaluation.stage.stage.toUpperCase());
    const rows = within(within(panel).getByRole('table')).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getByRole('rowheader').querySelector('summary')!.textContent)).toEqual(['Fit', 'Engagement', 'Intent', 'Authority']);
    for (const [i, name] of (['fit', 'engagement', 'intent', 'authority'] as const).entries()) {
      const score = packet.evaluation.criteria[name];
      const cells = within(rows[i]!).getAllByRole('cell').map((cell) => cell.textContent);
      expect(cells[1]).toBe(score.thresholds.mql.replace('_', ' '));
      expect(cells[2]).toBe(score.thresholds.sql.replace('_', ' '));
      for (const signal of score.signals) expect(within(rows[i]!).getAllByText(signal.label, { exact: false }).length).toBeGreaterThan(0);
    }
    expect(within(panel).getByText(/^(3 h 00|2 h 59) min business time left$/)).toBeTruthy();
    expect(within(panel).getByText('On track')).toBeTruthy();
    for (const point of packet.talkingPoints) expect(within(panel).getByText(point.text)).toBeTruthy();
    const timeline = within(within(panel).getByRole('region', { name: 'Timeline' })).getAllByRole('listitem');
    expect(timeline).toHaveLength(CAMILLE_EVENTS.length);
  });

  it.each([
    ['warning', false, 'Warning: 75% of the SLA used'],
    ['breached', false, 'SLA breached'],
    // Monday 09:00 in Paris, the owner's time zone, whatever the rep's machine says.
    ['on_track', true, /^On track · paused outside working hours, resumes Mon 9:00\sAM$/],
  ] as const)('puts the SLA state %s (paused: %s) in words', async (state, paused, words) => {
    const base = packetFor();
    const sla = { ...base.handover!.sla, state, paused, resumesAt: paused ? '2026-11-23T08:00:00.000Z' : null, remainingMs: state === 'breached' ? -1_800_000 : 3_600_000 };
    const packet: TPacket = { ...base, handover: { ...base.handover!, sla } };
    fakeBackground({ getPacket: () => Promise.resolve(packet) });
    const { panel } = renderSidebar(ON_HUBSPOT);
    expect(await within(panel).findByText(words)).toBeTruthy();
    if (state === 'breached') expect(within(panel).getByText('30 min 00 s overdue')).toBeTruthy();
  });

  it('renders lead data as text, never as markup', async () => {
    const packet = packetFor({ ...CAMILLE, lastName: '<img src=x onerror="globalThis.pwned=1">', title: '<b>CEO</b>' });
    fakeBackground({ getPacket: () => Promise.resolve(packet) });
    const { panel } = renderSidebar(ON_HUBSPOT);
    await within(panel).findByText('Camille <img src=x onerror="globalThis.pwned=1">');
    expect(panel.querySelector('img, b')).toBeNull();
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
  });

  it('logs a touch and accepts: each an action with a fresh idempotency key; the result shows at once', async () => {
    const background = fakeBackground({
      getPacket: () => Promise.resolve(packetFor()),
      logTouch: () => Promise.resolve({ status: 'delivered' }),
      accept: () => Promise.resolve({ status: 'waiting', reason: null }),
    });
    const { user, panel } = renderSidebar(ON_HUBSPOT);
    await within(panel).findByText('Camille Durand');
    await user.selectOptions(within(panel).getByLabelText('Channel'), 'linkedin');
    await user.click(within(panel).getByRole('button', { name: 'Log touch' }));
    expect(await within(panel).findByText('Saved.')).toBeTruthy();
    await user.click(within(panel).getByRole('button', { name: 'Accept' }));
    expect(await within(panel).findByText(/^Waiting to sync/)).toBeTruthy();

    const [touch] = background.of('logTouch');
    const [accept] = background.of('accept');
    expect(touch).toMatchObject({ leadId: 'lead-1', channel: 'linkedin' });
    expect(accept).toMatchObject({ leadId: 'lead-1' });
    expect(touch!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(accept!.idempotencyKey).not.toBe(touch!.idempotencyKey);
  });

  it('offers every touch channel the server knows, and names each touch logged in words', async () => {
    const packet = packetFor(CAMILLE, CAMILLE_EVENTS, { touches: [{ id: 't1', channel: 'sms', at: '2026-11-23T09:45:00Z', by: INES }] });
    const background = fakeBackground({ getPacket: () => Promise.resolve(packet), logTouch: () => Promise.resolve({ status: 'delivered' }) });
    const { user, panel } = renderSidebar(ON_HUBSPOT);
    await within(panel).findByText('Camille Durand');
    const options = within(within(panel).getByLabelText('Channel')).getAllByRole<HTMLOptionElement>('option');
    expect(options.map((option) => [option.value, option.textContent])).toEqual([
      ['call', 'Call'],
      ['email', 'E-mail'],
      ['linkedin', 'LinkedIn'],
      ['meeting', 'Meeting'],
      ['sms', 'SMS'],
      ['other', 'Other'],
    ]);
    expect(within(within(panel).getByRole('region', { name: 'Touches' })).getByText(/^SMS by Inès Moreau/)).toBeTruthy();
    await user.selectOptions(within(panel).getByLabelText('Channel'), 'other');
    await user.click(within(panel).getByRole('button', { name: 'Log touch' }));
    await within(panel).findByText('Saved.');
    expect(background.of('logTouch')).toEqual([expect.objectContaining({ leadId: 'lead-1', channel: 'other' })]);
  });

  it('rejects only with a reason, and "other" only with a note', async () => {
    const background = fakeBackground({ getPacket: () => Promise.resolve(packetFor()), reject: () => Promise.resolve({ status: 'delivered' }) });
    const { user, panel } = renderSidebar(ON_HUBSPOT);
    await within(panel).findByText('Camille Durand');
    const reject = within(panel).getByRole('button', { name: 'Reject' });
    expect(reject).toHaveProperty('disabled', true);
    await user.selectOptions(within(panel).getByLabelText('Rejection reason'), 'other');
    expect(within(panel).getByLabelText('Note (required)')).toBeTruthy();
    expect(reject).toHaveProperty('disabled', true);
    await user.type(within(panel).getByLabelText('Note (required)'), '  Reseller, not an end customer ');
    expect(reject).toHaveProperty('disabled', false);
    await user.click(reject);
    await within(panel).findByText('Saved.');
    expect(background.of('reject')).toEqual([expect.objectContaining({ leadId: 'lead-1', reason: 'other', note: 'Reseller, not an end customer' })]);
  });

  it('says in words why the server refused', async () => {
    fakeBackground({
      getPacket: () => Promise.resolve(packetFor()),
      accept: () => Promise.reject(new ExtensionError('CONFLICT', 'this handover was already decided')),
    });
    const { user, panel } = renderSidebar(ON_HUBSPOT);
    await within(panel).findByText('Camille Durand');
    await user.click(within(panel).getByRole('button', { name: 'Accept' }));
    expect((await within(panel).findByRole('alert')).textContent).toBe('Someone else got there first: This handover was already decided.');
  });

  it('offers only what the server allows: no buttons on a colleague’s lead, a note when a manager acts for the owner', async () => {
    fakeBackground({ getPacket: () => Promise.resolve(packetFor(CAMILLE, CAMILLE_EVENTS, { may: { decide: false, logTouch: false, actingFor: null, assign: false, claim: false } })) });
    const { panel } = renderSidebar(ON_HUBSPOT);
    await within(panel).findByText('Inès Moreau owns this lead: only they, their manager or an admin can log touches and decide.');
    expect(within(panel).queryByRole('button', { name: /Accept|Reject|Log touch/ })).toBeNull();
  });

  it('tells a manager they act for the owner', async () => {
    fakeBackground({ getPacket: () => Promise.resolve(packetFor(CAMILLE, CAMILLE_EVENTS, { may: { decide: true, logTouch: true, actingFor: INES, assign: false, claim: false } })) });
    const { panel } = renderSidebar(ON_HUBSPOT);
    await within(panel).findByText('You act for Inès Moreau: it is recorded as on their behalf.');
    expect(within(panel).getByRole('button', { name: 'Accept' })).toBeTruthy();
  });

  it('shows the decision instead of the buttons once decided, and the touches logged', async () => {
    const packet = packetFor(CAMILLE, CAMILLE_EVENTS, {
      decision: { kind: 'rejected', reasonId: 'no_budget', note: null, decidedAt: '2026-11-23T10:00:00Z', decidedBy: INES, onBehalfOf: null, charterVersion: 1 },
      touches: [{ id: 't1', channel: 'call', at: '2026-11-23T09:45:00Z', by: INES }],
      may: { decide: false, logTouch: true, actingFor: null, assign: false, claim: false },
    });
    fakeBackground({ getPacket: () => Promise.resolve(packet) });
    const { panel } = renderSidebar(ON_HUBSPOT);
    const reason = packet.rejectionReasons.find((r) => r.id === 'no_budget')!.label;
    expect(await within(panel).findByText(`Rejected: ${reason} by Inès Moreau`)).toBeTruthy();
    expect(within(panel).queryByRole('button', { name: 'Accept' })).toBeNull();
    expect(within(within(panel).getByRole('region', { name: 'Touches' })).getByText(/^Call by Inès Moreau/)).toBeTruthy();
  });

  it('links to the record from a mail page, not from the record itself', async () => {
    const packet = packetFor(CAMILLE, CAMILLE_EVENTS, { lead: { recordUrl: 'https://app.hubspot.com/contacts/1/record/0-1/51234' } });
    fakeBackground({ getPacket: () => Promise.resolve(packet) });
    const { panel } = renderSidebar({ email: CAMILLE.email });
    const link = await within(panel).findByRole('link', { name: 'Open the record' });
    expect(link.getAttribute('href')).toBe('https://app.hubspot.com/contacts/1/record/0-1/51234');
    expect(link.getAttribute('rel')).toContain('noopener');
  });

  it('says when the lead is unknown, and finds another by e-mail', async () => {
    const background = fakeBackground({
      getPacket: (ref) =>
        ref.email === 'jonas.weber@bergmann-logistik.de'
          ? Promise.resolve(packetFor({ email: ref.email, firstName: 'Jonas', lastName: 'Weber' }, []))
          : Promise.reject(new ExtensionError('NOT_FOUND', `no lead with the e-mail ${ref.email}`)),
    });
    const { user, panel } = renderSidebar({ email: 'someone@elsewhere.org' });
    expect((await within(panel).findByRole('alert')).textContent).toBe('No lead with the e-mail someone@elsewhere.org.');
    await user.type(within(panel).getByLabelText('Find a lead by e-mail'), 'jonas.weber@bergmann-logistik.de{Enter}');
    await within(panel).findByText('Jonas Weber');
    expect(background.of('getPacket').map((ref) => ref.email)).toEqual(['someone@elsewhere.org', 'jonas.weber@bergmann-logistik.de']);
    expect(within(panel).getByText('No marketing activity recorded yet.')).toBeTruthy();
  });

  it('sends a rep who is not signed in to the options, with no search that could only fail', async () => {
    const background = fakeBackground({
      getPacket: () => Promise.reject(new ExtensionError('NOT_SIGNED_IN', 'Not signed in')),
      openOptions: () => Promise.resolve(null),
    });
    const { user, panel } = renderSidebar(ON_HUBSPOT);
    expect((await within(panel).findByRole('alert')).textContent).toBe('You are not signed in: open the Handshake options and connect.');
    expect(within(panel).queryByLabelText('Find a lead by e-mail')).toBeNull();
    await user.click(within(panel).getByRole('button', { name: 'Open the options to connect' }));
    expect(background.of('openOptions')).toEqual([null]);
  });

  it('offers the other addresses found on a custom site', async () => {
    const background = fakeBackground({ getPacket: (ref) => Promise.resolve(packetFor({ ...CAMILLE, email: ref.email!, firstName: ref.email!.split('.')[0] }, [])) });
    const { user, panel } = renderSidebar({ email: 'camille.durand@northwind-analytics.fr', alternatives: ['paul.marchand@northwind-analytics.fr'] });
    await within(panel).findByText('camille Durand');
    const others = within(panel).getByRole('region', { name: 'Other addresses on this page' });
    await user.click(within(others).getByRole('button', { name: 'paul.marchand@northwind-analytics.fr' }));
    await within(panel).findByText('paul Durand');
    // And back: the page's own lead is offered in turn.
    expect(within(others).getByRole('button', { name: 'camille.durand@northwind-analytics.fr' })).toBeTruthy();
    expect(background.of('getPacket').map((ref) => ref.email)).toEqual(['camille.durand@northwind-analytics.fr', 'paul.marchand@northwind-analytics.fr']);
  });

  it('moves into the sidebar on the keyboard shortcut, and folds it on the next press from inside', () => {
    fakeBackground({});
    const client = testQueryClient();
    const view = (command: TSidebarCommand | null) => (
      <QueryClientProvider client={client}>
        <Sidebar leadRef={null} command={command} />
      </QueryClientProvider>
    );
    const { rerender } = render(view(null));
    const panel = screen.getByRole('complementary', { name: 'Handshake' });
    expect(within(panel).getByRole('button', { name: 'Show' })).toBeTruthy();
    rerender(view({ action: 'enter', seq: 1 }));
    const hide = within(panel).getByRole('button', { name: 'Hide' });
    expect(document.activeElement).toBe(hide);
    rerender(view({ action: 'leave', seq: 2 }));
    expect(within(panel).getByRole('button', { name: 'Show' })).toBeTruthy();
    expect(document.activeElement).not.toBe(within(panel).getByRole('button', { name: 'Show' }));
    // The same press rendered again changes nothing.
    rerender(view({ action: 'leave', seq: 2 }));
    expect(within(panel).getByRole('button', { name: 'Show' })).toBeTruthy();
  });

  it('folds away on a page without a lead and opens by keyboard', async () => {
    fakeBackground({});
    const { user, panel } = renderSidebar(null);
    const toggle = within(panel).getByRole('button', { name: 'Show' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await user.tab();
    expect(document.activeElement).toBe(toggle);
    await user.keyboard('{Enter}');
    expect(within(panel).getByText('No lead on this page.')).toBeTruthy();
    expect(within(panel).getByRole('button', { name: 'Hide' }).getAttribute('aria-expanded')).toBe('true');
  });
});
