import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { SIDEBAR_UI_KEY, type TMountSidebar } from '../../lib/sidebar-ui';
import { Sidebar } from '../../sidebar/Sidebar';
// Inlined: the file a page may load is this script alone.
import sidebarCss from './style.css?inline';

// The sidebar's React UI, run in the content script's world once a lead is found or the rep
// opens the sidebar (entrypoints/sidebar.content loads it). Running it only leaves the mount
// function where the content script finds it: the file is run both as a module (import()) and
// as a classic script (scripting.executeScript), so it exports nothing.

const mountSidebar: TMountSidebar = (container, styleParent) => {
  const style = document.createElement('style');
  style.textContent = sidebarCss;
  styleParent.append(style);
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });
  container.replaceChildren();
  const root = createRoot(container);
  return {
    render: (props) =>
      root.render(
        <QueryClientProvider client={queryClient}>
          <Sidebar {...props} />
        </QueryClientProvider>,
      ),
    unmount() {
      root.unmount();
      style.remove();
    },
  };
};

export default defineUnlistedScript(() => {
  (globalThis as { [SIDEBAR_UI_KEY]?: TMountSidebar })[SIDEBAR_UI_KEY] = mountSidebar;
});
