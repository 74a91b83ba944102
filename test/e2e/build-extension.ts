import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Vitest global setup: every browser test loads the extension exactly as `npm run build`
 * makes it — in its own process, since vitest's NODE_ENV=test would change the bundle —
 * and the Firefox add-on is built from the same code as `npm run build:firefox` makes it,
 * into its own folder (.output/firefox-mv3), one build after the other. That folder is
 * removed first: a build that went elsewhere (a Manifest V2 default) must not leave an old one to test.
 */
export default function buildExtension(): void {
  const env = { ...process.env };
  delete env.NODE_ENV;
  const wxt = resolve(import.meta.dirname, '../../node_modules/.bin/wxt');
  const cwd = resolve(import.meta.dirname, '../..');
  execFileSync(wxt, ['build'], { cwd, env, stdio: 'ignore' });
  rmSync(resolve(cwd, '.output/firefox-mv3'), { recursive: true, force: true });
  execFileSync(wxt, ['build', '-b', 'firefox'], { cwd, env, stdio: 'ignore' });
}
