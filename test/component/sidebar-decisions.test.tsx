import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { newItem, UNDO_MS } from '../../extension/lib/outbox';
import type { TLeadRef, TPacket } from '../../extension/lib/types';
import { Sidebar } from '../../extension/sidebar/Sidebar';
import { formatDateTime } from '../../extension/ui/format';
import { DEFAULT_CHARTER } from '../../shared/charter';
import { fakeBackground, testQueryClient } from './background';
import { CAMILLE, CAMILLE_EVENTS, INES, packetFor } from './packet';

// Decisions that say what they do (and can be undone for a moment), and an MQL's way
// forward: what the sidebar shows and what it asks of the background.

function renderSidebar(leadRef: TLeadRef) {
  const user = userEvent.setup();
  render(
    <QueryClientProvider client={testQueryClient()}>
      <Sidebar leadRef={leadRef} />
    </QueryClientProvider>,
  );
  return { user, panel: screen.getByRole('complementary', { name: 'Handshake' }) };
}

const ON_HUBSPOT: TLeadRef = { crm: 'hubspot', recordId: '51234' };
const inTenSeconds = () => new Date(Date.now() + 10_000).toISOString();
/** A promise and the function that settles it, for a background that answers when the test says. */
function later<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('a decision, before and after the click', () => {
  it('holds an accept for its undo window; Undo takes it back by its key and the buttons return', async () => {
    const background = fakeBackground({
      getPacket: () => Promise.resolve(packetFor()),
      accept: () => Promise.resolve({ status: 'held', until: inTenSeconds() }),
      settled: () => new Promise(() => undefined),
      undo: () => Promise.resolve({ undone: true }),
    });
    const { user, panel } = renderSidebar(ON_HUBSPOT);
    await within(panel).findByText('Camille Durand');
    await user.click(within(panel).getByRole('button', { name: 'Accept' }));
    expect(await within(panel).findByText(/^Accepted — sent in \d+ s; until then you can undo it\.$/)).toBeTruthy();
    expect(within(panel).getByText('The SLA clock runs until the first touch: log it when you reach them.')).toBeTruthy();
    expect(within(panel).queryByRole('button', { name: 'Accept' })).toBeNull();
    const [accept] = background.of('accept');
    expect(accept).toMatchObject({ leadId: 'lead-1', undoable: true });

    await user.click(within(panel).getByRole('button', { name: 'Undo' }));
    expect(await within(panel).findByText('Undone: nothing was sent.')).toBeTruthy();
    expect(background.of('undo')).toEqual([{ idempotencyKey: accept!.idempotencyKey }]);
    expect(within(panel).getByRole('button', { name: 'Accept' })).toBeTruthy();
  });

  it('once the window closes and the background sent it, says so and shows the packet as the server has it', async () => {
    const sent = later<{ status: 'delivered' }>();
    let packet: TPacket = packetFor();
    const background = fakeBackground({
      getPacket: () => Promise.resolve(packet),
      accept: () => Promise.resolve({ status: 'held', until: inTenSeconds() }),
      settled: () => sent.promise,
    });
    const { user, panel } = renderSidebar(ON_HUBSPOT);
    await within(panel).findByText('Camille Durand');
    await user.click(within(panel).getByRole('button', { name: 'Accept' }));
    await within(panel).findByRole('button', { name: 'Undo' });
    packet = packetFor(CAMILLE, CAMILLE_EVENTS, {
      decision: { kind: 'accepted', reasonId: null, note: 'Budget confirmed', decidedAt: '2026-11-23T10:31:00Z', decidedBy: INES, onBehalfOf: null, charterVersion: 1 },
      may: { decide: false, logTouch: true, actingFor: null, assign: false, claim: false },
    });
    sent.resolve({ status: 'delivered' });
    expect(await within(panel).findByText('Saved.')).toBeTruthy();
    const decision = await within(panel).findByRole('region', { name: 'Decision' });
    expect(decision.textContent).toContain(`Accepted by Inès Moreau, ${formatDateTime('2026-11-23T10:31:00Z')}`);
    expect(within(decision).getByText('Budget confirmed')).toBeTruthy();
    expect(within(decision).getByText('The SLA clock runs until the first touch: log it when you reach them.')).toBeTruthy();
    expect(within(panel).queryByRole('button', { name: 'Undo' })).toBeNull();
    expect(background.of('getPacket').length).toBeGreaterThan(1);
  });

  it('opened again while a decision waits in the outbox, shows it as taken: held with Undo, or past its window waiting to sync; never the buttons', async () => {
    const heldReject = { ...newItem({ kind: 'reject', leadId: 'lead-1', idempotencyKey: 'key-held-reject', reason: 'no_budget' }, 'u-ines', new Date(), 'Camille Durand', UNDO_MS) };
    const background = fakeBackground({ getPacket: () => Promise.resolve(packetFor()), getPending: () => Promise.resolve([heldReject]), settled: () => new Promise(() => undefined) });
    const first = renderSidebar(ON_HUBSPOT);
    const reason = DEFAULT_CHARTER.rejectionReasons.find((r) => r.id === 'no_budget')!.label;
    expect(await within(first.panel).findByText(new RegExp(`^Rejected: ${reason} — sent in \\d+ s`))).toBeTruthy();
    expect(within(first.panel).getByRole('button', { name: 'Undo' })).toBeTruthy();
    expect(within(first.panel).queryByRole('button', { name: /^(Accept|Reject)$/ })).toBeNull();
    expect(background.of('getPending')).toEqual([{ leadId: 'lead-1' }]);
    cleanup();

    const offline = { ...newItem({ kind: 'accept', leadId: 'lead-1', idempotencyKey: 'key-waiting' }, 'u-ines', new Date(Date.now() - 60_000), 'Camille Durand', UNDO_MS), attempts: 1, waiting: { code: 'OFFLINE', message: 'no answer', field: null } };
    fakeBackground({ getPacket: () => Promise.resolve(packetFor()), getPending: () => Promise.resolve([offline]) });
    const second = renderSidebar(ON_HUBSPOT);
    expect(await within(second.panel).findByText('Accepted — waiting to sync: it will be sent once, as soon as the server answers.')).toBeTruthy();
    expect(within(second.panel).queryByRole('button', { name: /^(Accept|Reject|Undo)$/ })).toBeNull();
  });

  it('tells the rep, before a reject with no touch, that it counts as rejected without contact; not once a touch is logged', async () => {
    fakeBackground({ getPacket: () => Promise.resolve(packetFor()) });
    const first = renderSidebar(ON_HUBSPOT);
    await within(first.panel).findByText('Camille Durand');
    await first.user.click(within(first.panel).getByRole('button', { name: 'Reject' }));
    expect(within(first.panel).getByText('No touch is logged yet: this will count as rejected without contact.')).toBeTruthy();
    cleanup();

    fakeBackground({ getPacket: () => Promise.resolve(packetFor(CAMILLE, CAMILLE_EVENTS, { touches: [{ id: 't1', channel: 'call', at: '2026-11-23T10:00:00Z', by: INES }] })) });
    const second = renderSidebar(ON_HUBSPOT);
    await within(second.panel).findByText('Camille Durand');
    await second.user.click(within(second.panel).getByRole('button', { name: 'Reject' }));
    expect(within(second.panel).queryByText(/rejected without contact/)).toBeNull();
  });
});

describe('an MQL nobody holds', () => {
  const mql = (may: Partial<TPacket['may']>) =>
    packetFor(CAMILLE, CAMILLE_EVENTS, { owner: null, handover: null, may: { decide: false, logTouch: false, actingFor: null, assign: false, claim: false, ...may } });

  it('lets a manager hand it to a rep of theirs: the team listed, the hand-over sent with the rep and a fresh key', async () => {
    const background = fakeBackground({
      getPacket: () => Promise.resolve(mql({ assign: true })),
      getTeamReps: () => Promise.resolve([{ id: 'u-ana', name: 'Ana Silva', email: 'ana@example.com', role: 'rep' as const }, { id: 'u-mo', name: 'Mo Keller', email: 'mo@example.com', role: 'manager' as const }]),
      assign: () => Promise.resolve({ status: 'delivered' }),
    });
    const { user, panel } = renderSidebar(ON_HUBSPOT);
    await within(panel).findByText('Camille Durand');
    const handOver = within(panel).getByRole('button', { name: 'Hand over' });
    expect(handOver).toHaveProperty('disabled', true);
    await within(panel).findByRole('option', { name: 'Ana Silva' });
    await user.selectOptions(within(panel).getByLabelText('Rep'), 'u-ana');
    await user.click(handOver);
    expect(await within(panel).findByText('Handed over.')).toBeTruthy();
    const [assign] = background.of('assign');
    expect(assign).toMatchObject({ leadId: 'lead-1', repId: 'u-ana' });
    expect(assign!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(within(panel).queryByText(/a manager assigns it first/)).toBeNull();
  });

  it('lets a rep claim it when the charter allows, and says a manager assigns it when it does not', async () => {
    const background = fakeBackground({ getPacket: () => Promise.resolve(mql({ claim: true })), claim: () => Promise.resolve({ status: 'delivered' }) });
    const { user, panel } = renderSidebar(ON_HUBSPOT);
    await within(panel).findByText('Camille Durand');
    expect(within(panel).queryByRole('button', { name: 'Hand over' })).toBeNull();
    await user.click(within(panel).getByRole('button', { name: 'Claim' }));
    expect(await within(panel).findByText('Handed over.')).toBeTruthy();
    expect(background.of('claim')).toEqual([expect.objectContaining({ leadId: 'lead-1' })]);
    cleanup();

    fakeBackground({ getPacket: () => Promise.resolve(mql({})) });
    const other = renderSidebar(ON_HUBSPOT);
    await within(other.panel).findByText('Camille Durand');
    expect(within(other.panel).queryByRole('button', { name: /Claim|Hand over/ })).toBeNull();
    expect(within(other.panel).getByText('Nobody owns this lead yet: a manager assigns it first.')).toBeTruthy();
  });
});
