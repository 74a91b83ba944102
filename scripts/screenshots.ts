import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

// `npm run screenshots`: the README's pictures, taken by the browser tests against the
// extension as built now, written into docs/screenshots to be committed. `npm test` writes
// the same pictures into an ignored folder instead (see test/e2e/screenshots.ts).

const ROOT = resolve(import.meta.dirname, '..');
const DIR = 'docs/screenshots';

/** Every file under docs/screenshots, as repository paths. */
const files = () => new Set(readdirSync(resolve(ROOT, DIR), { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).map((f) => join(f.parentPath, f.name).slice(ROOT.length + 1)));
const before = files();
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
// Pictures the tests take for themselves (not shown in the README) stay out of docs/.
const extra = [...files()].filter((file) => !before.has(file) && !pictures.includes(file));
for (const file of extra) rmSync(resolve(ROOT, file));
for (const folder of new Set(extra.map((file) => dirname(file)).filter((folder) => folder !== DIR))) {
  if (readdirSync(resolve(ROOT, folder)).length === 0) rmdirSync(resolve(ROOT, folder));
}
if (extra.length > 0) console.log(`Removed what the README does not show: ${extra.join(', ')}`);
console.log(`${pictures.length} pictures of the README written in ${DIR}; review them with git diff and commit them.`);
