import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';

export const SAVED_PAGES = join(import.meta.dirname, '../fixtures/pages');

/** A saved page (test/fixtures/pages), parsed at the URL it stands for. */
export function savedPage(file: string, url = 'https://saved.page.invalid/'): { url: URL; document: Document } {
  const window = new Window({ url });
  window.document.write(readFileSync(join(SAVED_PAGES, file), 'utf8'));
  return { url: new URL(url), document: window.document as unknown as Document };
}
