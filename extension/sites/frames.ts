// Web apps that show the open item in a frame of their own origin (a webmail's reading pane,
// a CRM's record panel) and switch items by navigating that frame, the top page untouched.
// The sidebar's script runs in the top page only; it reads those frames and watches them.

/** How deep frames inside frames are followed. */
const MAX_DEPTH = 3;

/** The frame's document when this page may read it (same origin, loaded); null otherwise. */
function documentOf(frame: Element): Document | null {
  try {
    return (frame as HTMLIFrameElement).contentDocument;
  } catch {
    return null; // cross-origin: some browsers throw rather than answer null
  }
}

/** On screen: a hidden frame (an upload target, a keep-alive) is no reading pane. */
function isShown(frame: Element): boolean {
  return frame.getClientRects().length > 0;
}

/** The documents of the same-origin frames shown in the page, outer frames before the frames inside them. */
export function frameDocuments(document: Document, depth = MAX_DEPTH): Document[] {
  if (depth === 0) return [];
  return [...document.querySelectorAll('iframe, frame')].flatMap((frame) => {
    const inner = documentOf(frame);
    return inner?.body && isShown(frame) ? [inner, ...frameDocuments(inner, depth - 1)] : [];
  });
}

export interface TFrameWatch {
  disconnect(): void;
}

/**
 * Calls `onChange` when a same-origin frame of the page loads another document or changes
 * its own; frames added later are picked up as they appear.
 */
export function watchFrames(document: Document, onChange: () => void): TFrameWatch {
  const observers = new Map<Document, MutationObserver>();
  const listened = new WeakSet<Element>();
  const options: MutationObserverInit = { childList: true, subtree: true, characterData: true };
  let stopped = false;

  const sync = () => {
    const current = new Set<Document>();
    const visit = (doc: Document, depth: number) => {
      for (const frame of doc.querySelectorAll('iframe, frame')) {
        if (!listened.has(frame)) {
          listened.add(frame);
          // A frame's navigation does not change the page's DOM: its load event says so.
          frame.addEventListener('load', changed);
        }
        const inner = documentOf(frame);
        if (!inner?.documentElement) continue;
        current.add(inner);
        if (!observers.has(inner)) {
          const observer = new MutationObserver(changed);
          observer.observe(inner.documentElement, options);
          observers.set(inner, observer);
        }
        if (depth > 1) visit(inner, depth - 1);
      }
    };
    visit(document, MAX_DEPTH);
    for (const [doc, observer] of observers) {
      if (current.has(doc)) continue;
      observer.disconnect();
      observers.delete(doc);
    }
  };
  function changed() {
    if (stopped) return;
    sync();
    onChange();
  }

  // Frames the page adds later (a reading pane opened on demand).
  const top = new MutationObserver(sync);
  top.observe(document.documentElement, { childList: true, subtree: true });
  sync();
  return {
    disconnect() {
      stopped = true;
      top.disconnect();
      for (const observer of observers.values()) observer.disconnect();
      observers.clear();
    },
  };
}
