import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

// `npm run screenshots`: the README's pictures, taken by the browser tests against the
// extension as built now, written into docs/screenshots to be committed. `npm test` writes
// the same pictures into an ignored folder instead (see test/e2e/screenshots.ts).

const ROOT = resolve(import.meta.dirname, '..');
const DIR = 'docs/screenshots';

const started = Date.now();
const run = spawnSync('npx', ['vitest', 'run', '--project', 'e2e'], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, HANDSHAKE_SCREENSHOTS_DIR: DIR },
});
if (run.status !== 0) {
  console.error(`The browser tests failed: ${DIR} may hold a mix of old and new pictures.`);
  process.exit(run.status ?? 1);
}

// Every picture the README shows must have been taken by this run.
const pictures = [...new Set(readFileSync(resolve(ROOT, 'README.md'), 'utf8').match(/docs\/screenshots\/[\w-]+\.png/g) ?? [])];
const stale = pictures.filter((picture) => {
  try {
    return statSync(resolve(ROOT, picture)).mtimeMs < started;
  } catch {
    return true;
  }
});
if (stale.length > 0) {
  console.error(`Not taken by the browser tests (the README shows them): ${stale.join(', ')}`);
  process.exit(1);
}
console.log(`${pictures.length} pictures of the README written in ${DIR}; review them with git diff and commit them.`);
