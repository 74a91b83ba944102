import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { watchFrames } from '../sites/frames';

// When to read the page again. Single-page apps change the URL (Navigation API, through WXT),
// then render the record or the open message. The URL is always watched; the DOM only while
// the lead is read from it (TSiteAdapter.readsPage: a Salesforce record, an open Gmail or
// Outlook message, any page of a custom site), so a CRM list or an inbox that keeps
// changing costs no reading. The page is read again shortly after a change begins — never
// postponed by the next one, so a page that never stops changing (a ticking clock, a
// spinner) is still read.

/** A burst of DOM changes (a webmail opening a message) is read once, this long after it starts. */
export const READ_AFTER_MS = 250;

const DOM_CHANGES: MutationObserverInit = { childList: true, subtree: true, characterData: true };

export interface TPageWatchOptions {
  /** Whether the lead on the current URL is read from the page's content. */
  readsPage: () => boolean;
  /** A custom site may show the open item in a same-origin frame (a reading pane) it navigates on its own. */
  watchFrames: boolean;
  /** Reads the page; called after a change, not on start. */
  read: () => void;
}

export function watchPage(ctx: ContentScriptContext, { readsPage, watchFrames: withFrames, read }: TPageWatchOptions): void {
  let scheduled = false;
  let observing = false;
  const observer = new MutationObserver(readAgainSoon);
  const observeWhileNeeded = () => {
    const needed = readsPage();
    if (needed && !observing) observer.observe(document.body, DOM_CHANGES);
    if (!needed && observing) observer.disconnect();
    observing = needed;
  };
  function readAgainSoon() {
    if (scheduled) return;
    scheduled = true;
    ctx.setTimeout(() => {
      scheduled = false;
      // The URL has settled by now (WXT tells of a navigation as it starts).
      observeWhileNeeded();
      read();
    }, READ_AFTER_MS);
  }
  ctx.addEventListener(window, 'wxt:locationchange', readAgainSoon);
  observeWhileNeeded();
  const frames = withFrames ? watchFrames(document, readAgainSoon) : undefined;
  ctx.onInvalidated(() => {
    observer.disconnect();
    frames?.disconnect();
  });
}
