import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createRoot, type Root } from 'react-dom/client';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { handleTabMessages, request } from '../../lib/messaging';
import { isHiddenOn, rememberHidden, siteSettingsItem } from '../../lib/settings';
import { isOnCustomSite, isSiteEnabled } from '../../lib/site-settings';
import { adapterFor, SITE_MATCHES } from '../../sites';
import { detectByEmail } from '../../sites/custom';
import { watchFrames } from '../../sites/frames';
import type { TLeadRef } from '../../sites/types';
import { Sidebar, type TSidebarCommand } from '../../sidebar/Sidebar';
// Inlined into the shadow root: nothing is fetched from the extension, so no file has to be
// web-accessible, and the same script serves the custom sites registered at run time.
import sidebarCss from './style.css?inline';

/** Set on the first run in a page: a custom site that overlaps a built-in one must not get a second sidebar. */
const LOADED = Symbol.for('handshake.sidebar');
/** A burst of DOM changes (a webmail opening a message) is read once, this long after it starts. */
const READ_AFTER_MS = 250;

export default defineContentScript({
  matches: [...SITE_MATCHES],
  // Also registered by the background for each custom site the user allowed (background/custom-sites.ts).
  cssInjectionMode: 'manual',
  async main(ctx) {
    const scope = globalThis as { [LOADED]?: true };
    if (scope[LOADED]) return;
    scope[LOADED] = true;

    const settings = await siteSettingsItem.getValue();
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
    const hiddenOnSite = await isHiddenOn(site);

    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });
    let root: Root | undefined;
    const ui = await createShadowRootUi(ctx, {
      name: 'handshake-sidebar',
      position: 'overlay',
      alignment: 'top-right',
      zIndex: 2147483000,
      css: sidebarCss,
      onMount(container) {
        root = createRoot(container);
        return root;
      },
      onRemove(mounted) {
        mounted?.unmount();
      },
    });

    let lead: TLeadRef | null = null;
    let shown: string | undefined;
    let command: TSidebarCommand | null = null;
    const draw = () =>
      root?.render(
        <QueryClientProvider client={queryClient}>
          <Sidebar leadRef={lead} command={command} mail={mail} hiddenOnSite={hiddenOnSite} onHiddenByHand={(hidden) => void rememberHidden(site, hidden)} />
        </QueryClientProvider>,
      );
    const render = () => {
      lead = leadOnPage();
      const key = JSON.stringify(lead);
      if (key === shown) return;
      shown = key;
      draw();
    };
    ui.mount();
    render();

    // The keyboard shortcut (background/commands.ts): into the sidebar from the page, back out from it.
    const stopListening = handleTabMessages({
      toggleSidebar() {
        command = { action: document.activeElement === ui.shadowHost ? 'leave' : 'enter', seq: (command?.seq ?? 0) + 1 };
        draw();
        return Promise.resolve(null);
      },
    });
    ctx.onInvalidated(stopListening);

    // Single-page apps: the URL changes (Navigation API, through WXT), then the record or the
    // open message is rendered. Both are watched; the page is read again shortly after a change
    // begins — never postponed by the next one, so a page that never stops changing (a ticking
    // clock, a spinner) is still read — and the sidebar re-rendered only when the lead it names
    // is another.
    let scheduled = false;
    const readAgainSoon = () => {
      if (scheduled) return;
      scheduled = true;
      ctx.setTimeout(() => {
        scheduled = false;
        render();
      }, READ_AFTER_MS);
    };
    ctx.addEventListener(window, 'wxt:locationchange', readAgainSoon);
    const observer = new MutationObserver(readAgainSoon);
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    // A custom site may show the open item in a same-origin frame (a reading pane) it navigates on its own.
    const frames = adapter ? undefined : watchFrames(document, readAgainSoon);
    ctx.onInvalidated(() => {
      observer.disconnect();
      frames?.disconnect();
    });
  },
});
