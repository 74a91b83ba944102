import { browser } from 'wxt/browser';
import { sendToTab } from '../lib/messaging';

// The keyboard shortcut declared in wxt.config.ts: the background hears it and tells the
// sidebar in that tab, through the typed protocol (lib/messaging.ts, TabProtocolMap).

const TOGGLE_SIDEBAR_COMMAND = 'toggle-sidebar';

export function listenForCommands(): void {
  browser.commands.onCommand.addListener((command, tab) => {
    // Pages without the sidebar have no listener: nothing to do there (sendToTab says so, and never throws).
    if (command === TOGGLE_SIDEBAR_COMMAND && tab?.id !== undefined) void sendToTab(tab.id, 'toggleSidebar');
  });
}
