// The sidebar's place in the page: a `<handshake-sidebar>` element at the end of the body,
// its shadow root (open: the browser tests look inside) holding a head for the styles and a
// body the sidebar is drawn in. The page's styles do not reach in (`:host { all: initial }`
// in shell.css). What WXT's createShadowRootUi does for an overlay, without its auto-mount
// machinery, which this script would carry on every page.

export interface TShadowHost {
  host: HTMLElement;
  shadow: ShadowRoot;
  head: HTMLElement;
  container: HTMLElement;
  remove(): void;
}

export function attachShadowHost(name: string, css: string, zIndex: number): TShadowHost {
  const host = document.createElement(name);
  const shadow = host.attachShadow({ mode: 'open' });
  const root = document.createElement('html');
  const head = document.createElement('head');
  const container = document.createElement('body');
  const style = document.createElement('style');
  style.textContent = css;
  head.append(style);
  root.append(head, container);
  shadow.append(root);
  // A zero-size box that lets the sidebar (position: fixed) overflow it, above the page.
  Object.assign(host.style, { display: 'block', position: 'relative', width: '0', height: '0', overflow: 'visible', zIndex: String(zIndex) });
  document.body.append(host);
  return { host, shadow, head, container, remove: () => host.remove() };
}
