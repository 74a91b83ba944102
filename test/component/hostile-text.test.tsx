import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Popup } from '../../extension/popup/Popup';
import { Sidebar } from '../../extension/sidebar/Sidebar';
import type { TPacket, TQueueItem, TQueueSnapshot, TSession } from '../../extension/lib/types';
import type { TEvent } from '../../shared/schemas';
import { fakeBackground, testQueryClient } from './background';
import { AT, CAMILLE, CAMILLE_EVENTS, packetFor } from './packet';

// Names a lead or rep wrote with a right-to-left override (U+202E), which would show
// "gnp.exe" as "exe.png": the sidebar and the popup show them without it, each isolated
// from the text around it (<bdi>), and a name cut to one line carries the whole on hover.

const RLO = '\u202E';
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

describe('text with bidirectional overrides', () => {
  it('is shown without them in the sidebar: name, title, company, owner, signals, talking points, timeline', async () => {
    const lead = { ...CAMILLE, lastName: `Durand ${RLO}gnp.exe`, title: `Directrice ${RLO}commerciale`, company: { ...CAMILLE.company, name: `North${RLO}wind\u2067 Analytics` } };
    const events: TEvent[] = [
      ...CAMILLE_EVENTS.map((event) => ({ ...event, email: lead.email })),
      { id: 'e5', email: lead.email, type: 'content_download', at: new Date(AT.getTime() - 3 * 3_600_000).toISOString(), properties: { asset: `Lead routing ${RLO}kooh.exe` } },
    ];
    const base = packetFor(lead, events);
    const packet: TPacket = { ...base, owner: { ...base.owner!, name: `Inès ${RLO}Moreau` } };
    expect(JSON.stringify(packet)).toContain(RLO);
    fakeBackground({ getPacket: () => Promise.resolve(packet) });
    render(
      <QueryClientProvider client={testQueryClient()}>
        <Sidebar leadRef={{ crm: 'hubspot', recordId: '51234' }} />
      </QueryClientProvider>,
    );
    const panel = screen.getByRole('complementary', { name: 'Handshake' });
    const name = await within(panel).findByText('Camille Durand gnp.exe');
    expect(name.tagName).toBe('BDI');
    expect(within(panel).getByText('Directrice commerciale · Northwind Analytics')).toBeTruthy();
    expect(within(panel).getAllByText('Inès Moreau', { exact: false }).length).toBeGreaterThan(0);
    expect(within(within(panel).getByRole('region', { name: 'Timeline' })).getByText(/Lead routing kooh\.exe/)).toBeTruthy();
    expect(panel.textContent).not.toMatch(BIDI);
  });

  it('is shown without them in the rep’s popup, each name whole on hover', async () => {
    const item: TQueueItem = {
      handoverId: 'h-1',
      leadId: 'l-1',
      email: 'dana@example.com',
      name: `Dana ${RLO}gnp.exe`,
      title: `CFO ${RLO}fdp.exe`,
      company: `Big${RLO}Co`,
      stage: 'sql',
      intent: 'high',
      tier: 'high',
      startedAt: new Date(Date.now() - 3_600_000).toISOString(),
      deadline: new Date(Date.now() + 3 * 3_600_000).toISOString(),
      state: 'on_track',
      paused: false,
      resumesAt: null,
      remainingMs: 3 * 3_600_000,
      touched: false,
      owner: { id: 'u-ines', name: `Inès ${RLO}Moreau` },
      recordUrl: 'http://127.0.0.1:8787/demo/hubspot/51234',
    };
    const queue: TQueueSnapshot = { fetchedAt: new Date().toISOString(), stale: null, items: [item] };
    const session: TSession = {
      serverUrl: 'http://127.0.0.1:8787',
      user: { id: 'u-ines', name: `Inès ${RLO}Moreau`, email: 'ines.moreau@example.com', role: 'rep', timeZone: 'Europe/Paris' } as TSession['user'],
    };
    fakeBackground(
      { getSession: () => Promise.resolve(session), getQueue: () => Promise.resolve(queue), getPending: () => Promise.resolve([]), syncNow: () => Promise.resolve([]) },
      'extensionPage',
    );
    render(
      <QueryClientProvider client={testQueryClient()}>
        <Popup />
      </QueryClientProvider>,
    );
    const list = await screen.findByRole('list', { name: 'Open handovers, soonest deadline first' });
    const button = within(list).getByRole('button', { name: 'Dana gnp.exe' });
    expect(button.getAttribute('title')).toBe('Dana gnp.exe');
    const details = within(list).getByText('CFO fdp.exe · BigCo');
    expect(details.getAttribute('title')).toBe('CFO fdp.exe · BigCo');
    const who = screen.getByText('Inès Moreau');
    expect(who.getAttribute('title')).toBe('Inès Moreau');
    expect(document.body.textContent).not.toMatch(BIDI);
  });
});
