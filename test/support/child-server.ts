import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

// `npm start`'s server path in a child process on a database file, for the tests that stop
// it the way operators and machines do (a kill -9 partway through something).

const SERVE = resolve(import.meta.dirname, 'serve-main.ts');

export interface TChildServer {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** Resolves once the output matches. */
  waitFor: (pattern: RegExp) => Promise<RegExpMatchArray>;
}

/** Starts the server on `dbUrl` (the demo seed on by default); `env` adds or overrides settings. */
export function startChildServer(dbUrl: string, env: Record<string, string> = {}): TChildServer {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVE], {
    cwd: resolve(import.meta.dirname, '../..'),
    env: { ...process.env, HANDSHAKE_DB_URL: dbUrl, HANDSHAKE_DEMO: '1', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const check = () => {
    for (const waiter of [...waiters]) {
      const match = output.match(waiter.pattern);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  };
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    check();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    check();
  });
  const waitFor = (pattern: RegExp) =>
    Promise.race([
      new Promise<RegExpMatchArray>((done) => {
        waiters.push({ pattern, resolve: done });
        check();
      }),
      exited.then((code): never => {
        throw new Error(`the start exited (${code}) before ${pattern}:\n${output}`);
      }),
    ]);
  return { child, output: () => output, exited, waitFor };
}
