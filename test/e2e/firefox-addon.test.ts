import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { EXTENSION_DIR } from '../support/browser';

// The Firefox add-on, built from the same code by the global setup (`wxt build -b firefox`),
// checked for what Firefox needs to load it, and by Mozilla's own linter (web-ext lint).

const ROOT = resolve(import.meta.dirname, '../..');
const FIREFOX_DIR = join(ROOT, '.output/firefox-mv3');

interface TManifest {
  manifest_version: number;
  permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  optional_permissions?: string[];
  background?: { scripts?: string[]; service_worker?: string };
  action?: unknown;
  browser_specific_settings?: { gecko?: { id?: string; strict_min_version?: string; data_collection_permissions?: { required?: string[] } } };
}

const readManifest = async (dir: string) => JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as TManifest;
const major = (version: string | undefined) => Number(version?.split('.')[0] ?? NaN);

interface TLintMessage {
  code: string;
  message: string;
  file?: string;
}

/** `web-ext lint` as `npm run lint:firefox` runs it (offline), its findings as JSON; it exits non-zero on errors. */
async function webExtLint(dir: string): Promise<{ errors: TLintMessage[]; warnings: TLintMessage[] }> {
  const bin = join(ROOT, 'node_modules/web-ext/bin/web-ext.js');
  const args = [bin, 'lint', '--source-dir', dir, '--output', 'json', '--no-config-discovery'];
  const { stdout, stderr } = await promisify(execFile)(process.execPath, args, { cwd: ROOT, env: { ...process.env, NO_UPDATE_NOTIFIER: '1' } }).catch(
    (failed: { stdout?: string; stderr?: string }) => ({ stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' }),
  );
  if (!stdout.trim()) throw new Error(`web-ext lint gave no report: ${stderr}`);
  return JSON.parse(stdout) as { errors: TLintMessage[]; warnings: TLintMessage[] };
}

describe('the Firefox add-on', () => {
  it('is Manifest V3 with an event-page background, an add-on id and Firefox 140 or later', async () => {
    const manifest = await readManifest(FIREFOX_DIR);
    expect(manifest.manifest_version).toBe(3);
    // Firefox has no background service worker: the same bundle runs as a background script.
    expect(manifest.background).toEqual({ scripts: ['background.js'] });
    const gecko = manifest.browser_specific_settings?.gecko;
    expect(gecko?.id).toMatch(/^[\w.-]+@[\w.-]+$/);
    // optional_host_permissions needs 128, data_collection_permissions 140.
    expect(major(gecko?.strict_min_version)).toBeGreaterThanOrEqual(140);
    expect(gecko?.data_collection_permissions?.required).toEqual(['personallyIdentifyingInfo', 'websiteContent']);
  });

  it('asks for what the Chrome extension asks for, in the same keys', async () => {
    const [firefox, chrome] = await Promise.all([readManifest(FIREFOX_DIR), readManifest(EXTENSION_DIR)]);
    // The code calls browser.action and scripting.registerContentScripts, and asks for other servers' and custom sites' origins at run time.
    expect(firefox.action).toEqual(chrome.action);
    expect(firefox.permissions).toEqual(chrome.permissions);
    expect(firefox.host_permissions).toEqual(chrome.host_permissions);
    expect(firefox.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
    expect(firefox.optional_permissions).toBeUndefined();
    // The Firefox-only keys stay out of the Chrome build (Chrome warns about unknown keys).
    expect(chrome.browser_specific_settings).toBeUndefined();
    expect(chrome.background).toEqual({ service_worker: 'background.js' });
  });

  it('passes web-ext lint with no error', async () => {
    const { errors, warnings } = await webExtLint(FIREFOX_DIR);
    expect(errors.map(({ code, file, message }) => `${code} ${file ?? ''}: ${message}`)).toEqual([]);
    // What is left are warnings only: React's own innerHTML paths, and data_collection_permissions, unknown to Firefox for Android before 142.
    expect(warnings.map(({ code }) => code).filter((code) => code !== 'UNSAFE_VAR_ASSIGNMENT')).toEqual(['KEY_FIREFOX_ANDROID_UNSUPPORTED_BY_MIN_VERSION']);
  });
});
