import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { SITE_ADAPTERS } from '../../extension/sites';

// Every selector alternative an adapter reads a page with earns its place: it names the saved
// pages on which it matches and no earlier alternative does. An alternative that matches no
// saved page, or only ever beside an earlier one, is never the one read: dead, or untested.

const PAGES = join(import.meta.dirname, '../fixtures/pages');

function saved(file: string): Document {
  const window = new Window({ url: 'https://saved.page.invalid/' });
  window.document.write(readFileSync(join(PAGES, file), 'utf8'));
  return window.document as unknown as Document;
}

const groups = SITE_ADAPTERS.flatMap((adapter) => (adapter.selectors ?? []).map((group) => [`${adapter.id}: ${group.finds}`, group] as const));

describe.each(groups)('%s', (_name, group) => {
  it.each(group.alternatives.map((alternative, index) => [index + 1, alternative.selector, index] as const))(
    'alternative %i (%s) is the first to match on a saved page of its own',
    (_n, selector, index) => {
      const { pages } = group.alternatives[index]!;
      expect(pages, `alternative ${selector} names no saved page`).not.toHaveLength(0);
      for (const file of pages) {
        expect(existsSync(join(PAGES, file)), `${file} is saved`).toBe(true);
        const document = saved(file);
        expect(group.select(document, selector).length, `${selector} matches on ${file}`).toBeGreaterThan(0);
        for (const earlier of group.alternatives.slice(0, index)) {
          expect(group.select(document, earlier.selector), `on ${file}, the earlier ${earlier.selector} already matches`).toHaveLength(0);
        }
      }
    },
  );
});

it('the adapters declare selector groups to check', () => {
  expect(groups.length).toBeGreaterThan(0);
});
