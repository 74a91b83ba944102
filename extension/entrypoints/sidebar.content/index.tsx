import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createRoot, type Root } from 'react-dom/client';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { adapterFor, SITE_MATCHES } from '../../sites';
import { siteSettingsItem } from '../../lib/settings';
import { isSiteEnabled } from '../../lib/site-settings';
import type { TLeadRef } from '../../sites/types';
import { Sidebar } from './Sidebar';
import './style.css';

/** What the page shows now; CRMs and webmail are single-page apps, so this is re-read on each navigation. */
function leadOnPage(): TLeadRef | null {
  const url = new URL(location.href);
  return adapterFor(url)?.detect(url, document) ?? null;
}

export default defineContentScript({
  matches: [...SITE_MATCHES],
  cssInjectionMode: 'ui',
  async main(ctx) {
    // A site the user switched off in the options gets no sidebar.
    const adapter = adapterFor(new URL(location.href));
    if (adapter && !isSiteEnabled(await siteSettingsItem.getValue(), adapter.id)) return;
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });
    let root: Root | undefined;
    const ui = await createShadowRootUi(ctx, {
      name: 'handshake-sidebar',
      position: 'overlay',
      alignment: 'top-right',
      zIndex: 2147483000,
      onMount(container) {
        root = createRoot(container);
        return root;
      },
      onRemove(mounted) {
        mounted?.unmount();
      },
    });
    const render = () =>
      root?.render(
        <QueryClientProvider client={queryClient}>
          <Sidebar leadRef={leadOnPage()} />
        </QueryClientProvider>,
      );
    ui.mount();
    render();
    // Webmail renders the open message after the URL changes: read the page again once it settles.
    ctx.addEventListener(window, 'wxt:locationchange', () => {
      render();
      ctx.setTimeout(render, 800);
    });
  },
});
