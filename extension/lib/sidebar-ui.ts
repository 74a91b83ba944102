import type { TLeadRef } from './types';

// The sidebar's React UI is a script of its own (entrypoints/sidebar-ui), loaded into a page
// only once a lead is found there or the rep opens the sidebar; the content script that
// reads the page (entrypoints/sidebar.content) stays small. This is what the two share.

/** The UI's built file: imported by the content script on the built-in sites, injected by the background on custom sites. */
export const SIDEBAR_UI_SCRIPT = '/sidebar-ui.js' as const;

/** Where the UI script, once run in the content script's world, leaves its mount function. */
export const SIDEBAR_UI_KEY = Symbol.for('handshake.sidebar-ui');

/** The keyboard shortcut, as the page saw it: `enter` from the page, `leave` from inside the sidebar; `seq` tells one press from the next. */
export interface TSidebarCommand {
  action: 'enter' | 'leave';
  seq: number;
}

/** What the sidebar shows, as the content script read it from the page. */
export interface TSidebarProps {
  leadRef: TLeadRef | null;
  command: TSidebarCommand | null;
  mail: boolean;
  hiddenOnSite: boolean;
  onHiddenByHand: (hidden: boolean) => void;
}

export interface TMountedSidebar {
  render(props: TSidebarProps): void;
  unmount(): void;
}

/** Renders the sidebar into `container`, its styles added to `styleParent` (the shadow root's head). */
export type TMountSidebar = (container: HTMLElement, styleParent: ParentNode) => TMountedSidebar;
