import { dirname, join, resolve } from 'node:path';

/**
 * Demo tokens are shown at every start: they are kept beside the demo database (never in
 * git), or for a libSQL server in `data/`, named after the server, so that the tokens of one
 * database are never shown for another.
 */
export function demoTokensFile(dbUrl: string): string {
  if (dbUrl.startsWith('file:')) return join(dirname(resolve(dbUrl.slice('file:'.length).split('?')[0]!)), 'demo-tokens.json');
  const { host } = new URL(dbUrl);
  return resolve('data', `demo-tokens.${host.replace(/[^A-Za-z0-9.-]/g, '_')}.json`);
}
