import { isAbsolute, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Where the browser tests write their screenshots: an ignored folder, so `npm test` never
 * changes a tracked file. `npm run screenshots` points it at docs/screenshots (the README's
 * pictures) through HANDSHAKE_SCREENSHOTS_DIR.
 */
export const SCREENSHOTS = screenshotsDir(process.env.HANDSHAKE_SCREENSHOTS_DIR);

function screenshotsDir(setting: string | undefined): string {
  if (!setting) return join(ROOT, 'test-results/screenshots');
  return isAbsolute(setting) ? setting : resolve(ROOT, setting);
}
