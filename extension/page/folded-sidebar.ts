// The folded sidebar as the page first shows it where no lead is found (a CRM list, an
// inbox): the header and Show, drawn without React, so the UI's script is loaded only when
// the rep opens it. The same markup and classes as the React sidebar folded
// (sidebar/Sidebar.tsx), which replaces it once loaded.

export interface TFoldedSidebar {
  /** Gives the focus back to the page (the keyboard shortcut pressed from Show). */
  blur(): void;
}

export function drawFoldedSidebar(container: HTMLElement, onShow: () => void): TFoldedSidebar {
  const doc = container.ownerDocument;
  const aside = doc.createElement('aside');
  aside.className = 'hs hs-collapsed';
  aside.setAttribute('aria-label', 'Handshake');
  const head = doc.createElement('div');
  head.className = 'hs-head';
  const title = doc.createElement('h2');
  title.textContent = 'Handshake';
  const show = doc.createElement('button');
  show.type = 'button';
  show.setAttribute('aria-expanded', 'false');
  show.textContent = 'Show';
  show.addEventListener('click', onShow);
  head.append(title, show);
  aside.append(head);
  container.replaceChildren(aside);
  return { blur: () => show.blur() };
}
