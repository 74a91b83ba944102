import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * Vitest global setup: every browser test loads the extension exactly as `npm run build`
 * makes it — in its own process, since vitest's NODE_ENV=test would change the bundle.
 */
export default function buildExtension(): void {
  const env = { ...process.env };
  delete env.NODE_ENV;
  execFileSync(resolve(import.meta.dirname, '../../node_modules/.bin/wxt'), ['build'], { cwd: resolve(import.meta.dirname, '../..'), env, stdio: 'ignore' });
}
