import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

// The command line as an operator runs it (`npm run cli -- …` is `node --import tsx server/cli.ts …`), in a
// process of its own, on the database at `dbUrl`.

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');

export interface TCliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with `args` on `dbUrl`; `env` adds to (or blanks) the environment. Never throws on a non-zero exit. */
export async function runCli(dbUrl: string, args: readonly string[], env: Record<string, string> = {}): Promise<TCliRun> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, HANDSHAKE_DB_URL: dbUrl, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** A printed table as rows of cells (two spaces or more between columns), header first. */
export const tableCells = (text: string): string[][] =>
  text
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s{2,}/));

/** A command's last line of output (where a secret is printed). */
export const lastLine = (text: string): string => text.trim().split('\n').at(-1)!;
