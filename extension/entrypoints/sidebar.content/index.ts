import { defineContentScript } from 'wxt/utils/define-content-script';
import { handleTabMessages, request } from '../../lib/messaging';
import { readPageSettings, rememberHidden } from '../../lib/page-settings';
import type { TMountedSidebar, TSidebarCommand, TSidebarProps } from '../../lib/sidebar-ui';
import { isOnCustomSite, isSiteEnabled } from '../../lib/site-settings';
import { drawFoldedSidebar } from '../../page/folded-sidebar';
import { loadSidebarUi } from '../../page/load-sidebar-ui';
import { attachShadowHost } from '../../page/shadow-host';
import { watchPage } from '../../page/watch-page';
import { adapterFor, SITE_MATCHES } from '../../sites';
import { detectByEmail } from '../../sites/custom';
import type { TLeadRef } from '../../sites/types';
// Inlined into the shadow root: the folded sidebar needs no file from the extension.
import shellCss from './shell.css?inline';

// Runs on every page the sidebar may serve, so it stays small: it reads the page, draws the
// folded sidebar, and loads the sidebar's UI (entrypoints/sidebar-ui: React, the packet) only
// once a lead is found or the rep opens the sidebar (Show, or the keyboard shortcut).

/** Set on the first run in a page: a custom site that overlaps a built-in one must not get a second sidebar. */
const LOADED = Symbol.for('handshake.sidebar');

export default defineContentScript({
  matches: [...SITE_MATCHES],
  // Also registered by the background for each custom site the user allowed (background/custom-sites.ts).
  cssInjectionMode: 'manual',
  async main(ctx) {
    const scope = globalThis as { [LOADED]?: true };
    if (scope[LOADED]) return;
    scope[LOADED] = true;

    const { settings, hiddenOnSites } = await readPageSettings();
    const adapter = adapterFor(new URL(location.href));
    // Mail, and custom sites (read by the addresses on the page): a person there is seldom a lead.
    const mail = adapter ? adapter.mail === true : true;
    // A site switched off in the options gets no sidebar, nor does a custom site removed since.
    if (adapter ? !isSiteEnabled(settings, adapter.id) : !isOnCustomSite(settings, new URL(location.href))) return;

    // The rep's own address is never the lead: their replies in a thread, their name in a page header.
    const session = await request('getSession').catch(() => null);
    const ownAddresses = session ? [session.user.email] : [];
    const leadOnPage = (): TLeadRef | null => {
      const url = new URL(location.href);
      return adapter ? adapter.detect(url, document, ownAddresses) : detectByEmail(document, ownAddresses);
    };

    // Where the rep chose Hide, the sidebar starts folded on the next page of that site too.
    const site = location.host;
    const hiddenOnSite = hiddenOnSites.includes(site);

    const ui = attachShadowHost('handshake-sidebar', shellCss, 2147483000);
    let sidebar: TMountedSidebar | undefined;
    ctx.onInvalidated(() => {
      sidebar?.unmount();
      ui.remove();
    });

    let lead: TLeadRef | null = null;
    let shown: string | undefined;
    let command: TSidebarCommand | null = null;
    const props = (): TSidebarProps => ({ leadRef: lead, command, mail, hiddenOnSite, onHiddenByHand: (hidden) => void rememberHidden(site, hidden) });
    const draw = () => sidebar?.render(props());

    let loading: Promise<void> | undefined;
    const loadSidebar = () => {
      loading ??= loadSidebarUi(adapter !== undefined).then(
        (mount) => {
          if (ctx.isInvalid) return;
          sidebar = mount(ui.container, ui.head);
          draw();
        },
        // The background restarting, say: the folded sidebar stays, and the next lead or Show tries again.
        () => void (loading = undefined),
      );
    };
    const enter = () => {
      command = { action: 'enter', seq: (command?.seq ?? 0) + 1 };
      if (sidebar) draw();
      else loadSidebar();
    };

    const folded = drawFoldedSidebar(ui.container, () => {
      void rememberHidden(site, false);
      enter();
    });
    const render = () => {
      lead = leadOnPage();
      const key = JSON.stringify(lead);
      if (key === shown) return;
      shown = key;
      if (sidebar) draw();
      else if (lead) loadSidebar();
    };
    render();

    // The keyboard shortcut (background/commands.ts): into the sidebar from the page, back out from it.
    const stopListening = handleTabMessages({
      toggleSidebar() {
        if (document.activeElement !== ui.host) enter();
        else if (sidebar) {
          command = { action: 'leave', seq: (command?.seq ?? 0) + 1 };
          draw();
        } else folded.blur();
        return Promise.resolve(null);
      },
    });
    ctx.onInvalidated(stopListening);

    watchPage(ctx, {
      readsPage: () => (adapter ? (adapter.readsPage?.(new URL(location.href)) ?? false) : true),
      watchFrames: !adapter,
      read: render,
    });
  },
});
