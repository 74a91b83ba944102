import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { Sidebar, type TSidebarCommand } from '../../extension/sidebar/Sidebar';
import { ExtensionError } from '../../extension/background/api';
import type { TLeadRef, TPacket } from '../../extension/lib/types';
import { formatDate, formatLevel, formatWeekdayTime } from '../../extension/ui/format';
import { fakeBackground, testQueryClient } from './background';
import { AT, CAMILLE, CAMILLE_EVENTS, INES, packetFor } from './packet';

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
    const { user, panel } = renderSidebar(ON_HUBSPOT);
    await within(panel).findByText('Camille Durand');
    expect(background.of('getPacket')).toEqual([{ crm: 'hubspot', recordId: '51234', email: undefined }]);

    expect(within(panel).getByText('Directrice commerciale · Northwind Analytics')).toBeTruthy();
    expect(panel.querySelector('.hs-badge')!.textContent).toBe(packet.funnel.label);
    const rows = within(within(panel).getByRole('table', { name: 'Criteria' })).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual(['Fit', 'Engagement', 'Intent', 'Authority']);
    for (const [i, name] of (['fit', 'engagement', 'intent', 'authority'] as const).entries()) {
      const score = packet.evaluation.criteria[name];
      const cells = within(rows[i]!).getAllByRole('cell').map((cell) => cell.textContent);
      const against = (met: boolean, level: string) => (met ? '✓' : `✗\u00a0${formatLevel(level)}`);
      expect(cells).toEqual([formatLevel(score.level), against(score.meetsMql, score.thresholds.mql), against(score.meetsSql, score.thresholds.sql)]);
      expect(within(rows[i]!).getAllByRole('cell')[2]!.getAttribute('title')).toBe(`SQL needs ${formatLevel(score.thresholds.sql)}: ${score.meetsSql ? 'met' : 'not met'}`);
      await user.click(within(rows[i]!).getByRole('button', { name: name[0]!.toUpperCase() + name.slice(1) }));
      const opened = within(panel).getByRole('table', { name: 'Criteria' });
      for (const signal of score.signals) expect(within(opened).getAllByText(signal.label, { exact: false }).length).toBeGreaterThan(0);
    }
    expect(within(panel).getByText(/^(3 h 00|2 h 59) min left$/)).toBeTruthy();
    expect(within(panel).getByText(/^On track · first touch due .+, in business hours$/)).toBeTruthy();
    expect(within(panel).queryByText(/One outreach attempt/)).toBeNull();
    expect(within(panel).getByLabelText('Why this rep').textContent).toBe('Why Inès Moreau: Rule "EMEA mid-market" · skipped Ana Ruiz: out of office until Jan 2');
    for (const point of packet.talkingPoints) expect(within(panel).getByText(point.text)).toBeTruthy();
    const timeline = within(within(panel).getByRole('region', { name: 'Timeline' })).getAllByRole('listitem');
    expect(timeline).toHaveLength(CAMILLE_EVENTS.length);
  });

  it.each([
    ['warning', false, 'Warning: 75% used · first touch due'],
    ['breached', false, 'Breached: due Mon 2:30 PM Europe/Paris, 30 min of business time overdue'],
    ['on_track', true, 'On track: 1 h of business time left, paused until Mon 9:00 AM Europe/Paris (Inès Moreau’s working hours)'],
  ] as const)('puts the SLA state %s (paused: %s) in words, one state', async (state, paused, words) => {
    const base = packetFor();
    const resumes = paused ? { at: '2026-11-23T08:00:00.000Z', timeZone: 'Europe/Paris', text: 'Mon 9:00 AM Europe/Paris' } : null;
    const sla = {
      ...base.handover!.sla,
      state,
      paused,
      resumesAt: resumes?.at ?? null,
      resumes,
      remainingMs: state === 'breached' ? -1_800_000 : 3_600_000,
      leftMs: state === 'breached' ? null : 3_600_000,
      overdueMs: state === 'breached' ? 1_800_000 : null,
      line: state === 'warning' ? 'Warning: 1 h of business time left, due Mon 2:30 PM Europe/Paris' : words,
    };
    const packet: TPacket = { ...base, handover: { ...base.handover!, sla } };
    fakeBackground({ getPacket: () => Promise.resolve(packet) });
    const { panel } = renderSidebar(ON_HUBSPOT);
    const region = await within(panel).findByRole('region', { name: 'SLA' });
    expect(region.textContent).toContain(words);
    if (state !== 'warning') expect(region.textContent).toBe(words);
  });

  it('counts the time overdue up while a breached handover’s owner is in working hours', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const base = packetFor();
      const sla = { ...base.handover!.sla, state: 'breached' as const, remainingMs: -1_500_000, leftMs: null, overdueMs: 1_500_000, line: 'Breached: due Mon 10:05 AM Europe/Paris, 25 min of business time overdue' };
      const responseTime = {
        countedIn: 'business_time' as const,
        timeZone: 'Europe/Paris',
        firstChanceAt: AT.toISOString(),
        outsideWorkingHours: false,
        pastDeadline: true,
        ifContactedNow: { delayMs: 15_900_000, bucket: 'within_24_hours', expectedConversion: 0.04 },
        ifContactedAtDeadline: { delayMs: 14_400_000, bucket: 'within_4_hours', expectedConversion: 0.09 },
        text: 'Called now (4 h 25 min of business time after handover, past the SLA deadline): about 4% become opportunities.',
      };
      fakeBackground({ getPacket: () => Promise.resolve({ ...base, handover: { ...base.handover!, sla }, responseTime }) });
      const { panel } = renderSidebar(ON_HUBSPOT);
      const region = await within(panel).findByRole('region', { name: 'SLA' });
      expect(within(region).getByText(/^25 min 0[01] s overdue$/)).toBeTruthy();
      await vi.advanceTimersByTimeAsync(3_000);
      expect(within(region).getByText(/^25 min 0[34] s overdue$/)).toBeTruthy();
      expect(region.textContent).not.toMatch(/left|paused/);
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows where the lead stands as recorded first, with its date, and today’s score below it, labelled as today’s', async () => {
    // A customer whose engagement has decayed: today's signals alone would not make it an MQL.
    const base = packetFor(CAMILLE, []);
    const packet: TPacket = {
      ...base,
      funnel: { position: 'customer', since: '2026-10-12T09:00:00.000Z', label: 'Customer', todaysSignals: { stage: 'lead', text: 'Today’s signals are below the MQL thresholds' } },
      handover: null,
      decision: { kind: 'accepted', reasonId: null, note: null, decidedAt: '2026-09-01T09:00:00Z', decidedBy: INES, onBehalfOf: null, charterVersion: 1 },
      may: { decide: false, logTouch: true, actingFor: null, assign: false, claim: false },
    };
    expect(packet.evaluation.stage.stage).toBe('lead');
    fakeBackground({ getPacket: () => Promise.resolve(packet) });
    const { panel } = renderSidebar(ON_HUBSPOT);
    const lead = await within(panel).findByRole('region', { name: 'Lead' });
    const stage = within(lead).getByText('Customer');
    expect(stage.className).toContain('hs-badge');
    expect(within(lead).getByText(`since ${formatDate('2026-10-12T09:00:00.000Z')}`)).toBeTruthy();
    const today = within(lead).getByText('Today’s signals are below the MQL thresholds');
    expect(stage.compareDocumentPosition(today) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(lead.textContent).not.toMatch(/LEAD|Below the MQL thresholds/);
  });

  it('shows a breached SLA at night in one state: the packet’s line, no time left, no pause, no running clock', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const base = packetFor();
      const line = 'Breached: due Tue 5:00 PM Europe/Paris, 25 min of business time overdue';
      const sla = { ...base.handover!.sla, state: 'breached' as const, paused: false, resumesAt: null, resumes: null, remainingMs: -1_500_000, leftMs: null, overdueMs: 1_500_000, elapsedFraction: 1.1, line };
      const responseTime = {
        countedIn: 'business_time' as const,
        timeZone: 'Europe/Paris',
        firstChanceAt: '2026-11-25T08:00:00.000Z',
        outsideWorkingHours: true,
        pastDeadline: true,
        ifContactedNow: { delayMs: 16_500_000, bucket: 'within_24_hours', expectedConversion: 0.04 },
        ifContactedAtDeadline: { delayMs: 14_400_000, bucket: 'within_4_hours', expectedConversion: 0.09 },
        text: 'Called at the start of your next working hours (Wed 9:00 AM Europe/Paris; 4 h 35 min of business time after handover, past the SLA deadline): about 4% become opportunities.',
      };
      const packet: TPacket = { ...base, handover: { ...base.handover!, sla }, responseTime };
      fakeBackground({ getPacket: () => Promise.resolve(packet) });
      const { panel } = renderSidebar(ON_HUBSPOT);
      const region = await within(panel).findByRole('region', { name: 'SLA' });
      const state = region.querySelector('.hs-sla')!;
      expect(state.textContent).toBe(line);
      expect(region.textContent).not.toMatch(/left|paused|resumes/);
      expect(within(region).getByText(responseTime.text)).toBeTruthy();
      // Nobody's working hours are running: nothing ticks.
      await vi.advanceTimersByTimeAsync(5_000);
      expect(state.textContent).toBe(line);
    } finally {
      vi.useRealTimers();
    }
  });

  it('counts down the business time left only while the clock runs, the deadline named with its zone', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const base = packetFor();
      const sla = { ...base.handover!.sla, remainingMs: 600_000, leftMs: 600_000 };
      fakeBackground({ getPacket: () => Promise.resolve({ ...base, handover: { ...base.handover!, sla } }) });
      const { panel } = renderSidebar(ON_HUBSPOT);
      const region = await within(panel).findByRole('region', { name: 'SLA' });
      expect(within(region).getByText(/^(10 min 00|9 min 59) s left$/)).toBeTruthy();
      await vi.advanceTimersByTimeAsync(3_000);
      expect(within(region).getByText(/^9 min 5[67] s left$/)).toBeTruthy();
      expect(region.textContent).toContain(`due ${formatWeekdayTime(sla.deadline, 'Europe/Paris')} Europe/Paris`);
    } finally {
      vi.useRealTimers();
    }
  });

  it('says when a handover is a single outreach attempt sent from the review queue, and only then', async () => {
    const packet = packetFor();
    const single = { ...packet, handover: { ...packet.handover!, singleAttempt: true } };
    fakeBackground({ getPacket: () => Promise.resolve(single) });
    const { panel } = renderSidebar(ON_HUBSPOT);
    await within(panel).findByText('Camille Durand');
    const sla = within(panel).getByRole('region', { name: 'SLA' });
    expect(within(sla).getByText(/^One outreach attempt: RevOps sent this marginal lead from the review queue\./)).toBeTruthy();
  });

  it('keeps the reject form folded until Reject is chosen', async () => {
    fakeBackground({ getPacket: () => Promise.resolve(packetFor()) });
    const { user, panel } = renderSidebar(ON_HUBSPOT);
    await within(panel).findByText('Camille Durand');
    expect(within(panel).queryByLabelText('Rejection reason')).toBeNull();
    expect(within(panel).queryByRole('textbox', { name: /Note/ })).toBeNull();
    const reject = within(panel).getByRole('button', { name: 'Reject' });
    expect(reject.getAttribute('aria-expanded')).toBe('false');
    await user.click(reject);
    expect(reject.getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement).toBe(within(panel).getByLabelText('Rejection reason'));
    expect(within(panel).getByLabelText('Note')).toBeTruthy();
    expect(within(panel).getByRole('button', { name: 'Confirm reject' })).toHaveProperty('disabled', true);
  });

  it('lists the four criteria one row each, and opens one to its signals across the whole width', async () => {
    const packet = packetFor();
    fakeBackground({ getPacket: () => Promise.resolve(packet) });
    const { user, panel } = renderSidebar(ON_HUBSPOT);
    const table = await within(panel).findByRole('table', { name: 'Criteria' });
    const columns = within(table).getAllByRole('columnheader').length;
    expect(within(table).queryByText(packet.evaluation.criteria.intent.signals[0]!.label)).toBeNull();
    const intent = within(table).getByRole('button', { name: 'Intent' });
    expect(intent.getAttribute('aria-expanded')).toBe('false');
    await user.click(intent);
    expect(intent.getAttribute('aria-expanded')).toBe('true');
    const signal = within(table).getByText(packet.evaluation.criteria.intent.signals[0]!.label);
    const cell = signal.closest('td, th') as HTMLTableCellElement;
    expect(cell.tagName).toBe('TD');
    expect(cell.colSpan).toBe(columns);
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
    await user.click(within(panel).getByRole('button', { name: 'Reject' }));
    const reject = within(panel).getByRole('button', { name: 'Confirm reject' });
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
    // Not a failure: said plainly (sidebar-unknown.test.tsx), with the search.
    expect((await within(panel).findByText('No lead with the e-mail someone@elsewhere.org.')).getAttribute('role')).toBe('status');
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

  it('tells Hide and Show by hand, to be remembered for the site, and starts folded where the rep hid it', async () => {
    fakeBackground({ getPacket: () => Promise.resolve(packetFor()) });
    const user = userEvent.setup();
    const told: boolean[] = [];
    const { unmount } = render(
      <QueryClientProvider client={testQueryClient()}>
        <Sidebar leadRef={ON_HUBSPOT} onHiddenByHand={(hidden) => told.push(hidden)} />
      </QueryClientProvider>,
    );
    await screen.findByText('Camille Durand');
    await user.click(screen.getByRole('button', { name: 'Hide' }));
    expect(told).toEqual([true]);
    unmount();
    // The next page of that site: folded beside its lead, until Show.
    render(
      <QueryClientProvider client={testQueryClient()}>
        <Sidebar leadRef={ON_HUBSPOT} hiddenOnSite onHiddenByHand={(hidden) => told.push(hidden)} />
      </QueryClientProvider>,
    );
    expect(screen.queryByText('Camille Durand')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Show' }));
    await screen.findByText('Camille Durand');
    expect(told).toEqual([true, false]);
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
