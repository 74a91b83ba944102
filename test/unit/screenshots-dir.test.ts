import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS } from '../e2e/screenshots';

// `npm test` must change no tracked file: the browser tests' screenshots go to a folder git
// ignores, and only `npm run screenshots` (HANDSHAKE_SCREENSHOTS_DIR) writes docs/screenshots.

const ROOT = resolve(import.meta.dirname, '../..');
const E2E = join(ROOT, 'test/e2e');

function ignoredByGit(path: string): boolean {
  try {
    execFileSync('git', ['check-ignore', '--quiet', '--no-index', relative(ROOT, path)], { cwd: ROOT });
    return true;
  } catch {
    return false;
  }
}

describe('where the browser tests write their screenshots', () => {
  it.skipIf(process.env.HANDSHAKE_SCREENSHOTS_DIR)('is a folder git ignores', () => {
    expect(ignoredByGit(join(SCREENSHOTS, 'sidebar-hubspot.png'))).toBe(true);
    expect(ignoredByGit(join(ROOT, 'docs/screenshots/sidebar-hubspot.png'))).toBe(false);
  });

  it('is named in one place: no browser test writes into docs/ itself', () => {
    for (const file of readdirSync(E2E).filter((f) => f.endsWith('.ts'))) {
      expect([file, readFileSync(join(E2E, file), 'utf8').includes('docs/screenshots')]).toEqual([file, file === 'screenshots.ts']);
    }
  });
});
