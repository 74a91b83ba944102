import { browser } from 'wxt/browser';
import { request } from '../lib/messaging';
import { SIDEBAR_UI_KEY, SIDEBAR_UI_SCRIPT, type TMountSidebar } from '../lib/sidebar-ui';

// Brings the sidebar's UI (React and the sidebar's components) into the content script's
// world. On the built-in sites the content script imports the file, web-accessible to their
// origins only; a custom site's origin is known at run time only, so there the background
// runs it into the tab, with the host permission the rep granted for that site.

type TScope = { [SIDEBAR_UI_KEY]?: TMountSidebar };

export async function loadSidebarUi(onBuiltInSite: boolean): Promise<TMountSidebar> {
  const scope = globalThis as TScope;
  if (!scope[SIDEBAR_UI_KEY]) {
    if (onBuiltInSite) await import(/* @vite-ignore */ browser.runtime.getURL(SIDEBAR_UI_SCRIPT));
    else await request('loadSidebarUi');
  }
  const mount = scope[SIDEBAR_UI_KEY];
  if (!mount) throw new Error('The sidebar’s script did not load.');
  return mount;
}
