import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ExtensionError } from '../../extension/background/api';
import type { TLeadRef } from '../../extension/lib/types';
import { Sidebar } from '../../extension/sidebar/Sidebar';
import { fakeBackground, testQueryClient } from './background';
import { packetFor } from './packet';

// Most people a rep reads mail from are not leads: that is no error. On a mail site the
// sidebar stays folded (a quiet pill) for them; a CRM record Handshake does not know says so
// in plain words, with the search.

function renderSidebar(leadRef: TLeadRef, mail: boolean) {
  const user = userEvent.setup();
  render(
    <QueryClientProvider client={testQueryClient()}>
      <Sidebar leadRef={leadRef} mail={mail} />
    </QueryClientProvider>,
  );
  return { user, panel: screen.getByRole('complementary', { name: 'Handshake' }) };
}

const unknown = (ref: { email?: string }) => Promise.reject(new ExtensionError('NOT_FOUND', `no lead with the e-mail ${ref.email}`));

describe('someone Handshake does not know', () => {
  it('on a mail site, keeps the sidebar folded with no error; opened by hand, says so neutrally with the search', async () => {
    const background = fakeBackground({ getPacket: unknown });
    const { user, panel } = renderSidebar({ email: 'newsletter@shop.example' }, true);
    expect(await within(panel).findByText('Not a lead')).toBeTruthy();
    expect(background.of('getPacket')).toEqual([{ email: 'newsletter@shop.example' }]);
    const toggle = within(panel).getByRole('button', { name: 'Show' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(within(panel).queryByRole('alert')).toBeNull();

    await user.click(toggle);
    expect((await within(panel).findByText('No lead with the e-mail newsletter@shop.example.')).getAttribute('role')).toBe('status');
    expect(within(panel).queryByRole('alert')).toBeNull();
    expect(within(panel).getByLabelText('Find a lead by e-mail')).toBeTruthy();
  });

  it('on a mail site, opens by itself when the sender is a lead', async () => {
    fakeBackground({ getPacket: () => Promise.resolve(packetFor()) });
    const { panel } = renderSidebar({ email: 'camille.durand@northwind-analytics.fr' }, true);
    expect(await within(panel).findByText('Camille Durand')).toBeTruthy();
    expect(within(panel).getByRole('button', { name: 'Hide' }).getAttribute('aria-expanded')).toBe('true');
  });

  it('on a CRM record Handshake does not know, stays open and says so neutrally, with the search', async () => {
    fakeBackground({ getPacket: unknown });
    const { panel } = renderSidebar({ crm: 'salesforce', recordId: '0035g00000QwErTyUI', email: 'someone@elsewhere.org' }, false);
    expect((await within(panel).findByText('No lead with the e-mail someone@elsewhere.org.')).getAttribute('role')).toBe('status');
    expect(within(panel).queryByRole('alert')).toBeNull();
    expect(within(panel).getByLabelText('Find a lead by e-mail')).toBeTruthy();
  });

  it('still shows a real failure as an error', async () => {
    fakeBackground({ getPacket: () => Promise.reject(new ExtensionError('SERVER_ERROR', 'The server failed (HTTP 500).')) });
    const { panel } = renderSidebar({ email: 'camille.durand@northwind-analytics.fr' }, true);
    expect(await within(panel).findByRole('alert')).toBeTruthy();
  });
});
