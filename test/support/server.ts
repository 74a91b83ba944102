import { createTRPCClient, httpLink } from '@trpc/client';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYSTEM } from '../../server/domain/audit';
import type { TItemRejection } from '../../server/domain/ingest';
import { openDatabase, type Database } from '../../server/db/client';
import { addIngestKey, addUser, type TNewUser } from '../../server/domain/users';
import type { AppRouter } from '../../server/routers';
import { startServer, type RunningServer, type TServerOptions } from '../../server/server';
import { startSqld } from './sqld';

export interface TestServer extends RunningServer {
  dir: string;
  dbUrl: string;
  /** Adds a user straight in the database and returns a tRPC client signed in as them. */
  user(input: TNewUser): Promise<{ id: string; token: string; api: ReturnType<typeof api> }>;
  ingestKey(name?: string): Promise<string>;
  /** POSTs JSON to the REST API with an ingest key. */
  post(path: string, body: unknown, key: string): Promise<TRestReply>;
  /** Stops the server and starts a new one on the same storage and port, as after a crash or deploy. */
  restart(): Promise<TestServer>;
  /** Another app instance's database on the same storage: the file, the libSQL server, or a replica of its own. */
  openInstance(): Promise<Database>;
  /** The environment another process (the CLI, a second server) opens the same storage with. */
  instanceEnv(): Record<string, string>;
  /** Stops the server, keeping its data: `startAgain` brings it back. */
  stop(): Promise<void>;
  startAgain(): Promise<TestServer>;
}

/** What the REST API answers: per-item results, or an error naming the field. */
export interface TRestReply {
  status: number;
  body: {
    success?: boolean;
    accepted?: number;
    created?: number;
    updated?: number;
    duplicates?: number;
    handoversOpened?: number;
    /** Segment: calls kept for a visitor not yet identified, those let go for the key's bound, and kept calls ingested now. */
    pending?: number;
    pendingDropped?: number;
    resolved?: number;
    rejected?: TItemRejection[];
    error?: { code: string; message: string; field: string | null };
  };
}

export function api(url: string, token?: string) {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${url}/trpc`, headers: () => (token ? { authorization: `Bearer ${token}` } : {}) })],
  });
}

export interface TTestServerOptions extends Pick<TServerOptions, 'now' | 'demoPages' | 'crm' | 'limits' | 'connectors'> {
  dir?: string;
  port?: number;
}

/**
 * Where the test servers keep their data, from HANDSHAKE_TEST_STORAGE: `file` (the default),
 * an embedded file in the test's folder; `sqld`, a libSQL server of the test's own over HTTP;
 * `replica`, an embedded replica in the test's folder of such a server. The integration
 * projects run the same files in each (vitest.config.ts).
 */
export type TTestStorage = 'file' | 'sqld' | 'replica';

export function testStorage(): TTestStorage {
  const storage = process.env.HANDSHAKE_TEST_STORAGE ?? 'file';
  if (storage !== 'file' && storage !== 'sqld' && storage !== 'replica') throw new Error(`HANDSHAKE_TEST_STORAGE: expected file, sqld or replica, got "${storage}"`);
  return storage;
}

/** A real server over real HTTP on fresh storage (see `testStorage`), with a temp folder of its own. */
export async function startTestServer(options: TTestServerOptions = {}, ownsDir = !options.dir): Promise<TestServer> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'handshake-test-')));
  const storage = testStorage();
  // The libSQL server keeps its data in the test's folder and lives as long as this server: a
  // server started again on the folder starts another on the same data, as one started again on a file.
  const sqld = storage === 'file' ? undefined : await startSqld({ dataDir: join(dir, 'sqld') });
  const dbUrl = storage === 'sqld' ? sqld!.url : `file:${join(dir, storage === 'replica' ? 'replica.db' : 'handshake.db')}`;
  const server = await startServer({
    dbUrl,
    dbSyncUrl: storage === 'replica' ? sqld!.url : undefined,
    port: options.port ?? 0,
    now: options.now,
    demoPages: options.demoPages,
    crm: options.crm,
    limits: options.limits,
    connectors: options.connectors,
  });
  const stopBoth = async () => {
    await server.close();
    await sqld?.stop();
  };
  let replicas = 0;
  /** Where another instance opens the same storage: the file or the server itself, or a replica of its own. */
  const anotherInstance = (): { url: string; syncUrl?: string } =>
    storage === 'replica' ? { url: `file:${join(dir, `replica-${++replicas}.db`)}`, syncUrl: sqld!.url } : { url: dbUrl };
  return {
    ...server,
    dir,
    dbUrl,
    openInstance() {
      const { url, syncUrl } = anotherInstance();
      return openDatabase(url, { syncUrl });
    },
    instanceEnv() {
      const { url, syncUrl } = anotherInstance();
      return { HANDSHAKE_DB_URL: url, ...(syncUrl ? { HANDSHAKE_DB_SYNC_URL: syncUrl } : {}) };
    },
    async user(input) {
      const { user, token } = await addUser(server.database, input, SYSTEM);
      return { id: user.id, token, api: api(server.url, token) };
    },
    ingestKey: (name = 'test source') => addIngestKey(server.database, name, SYSTEM),
    async post(path, body, key) {
      const response = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as TRestReply['body']) : {} };
    },
    async restart() {
      await stopBoth();
      return startTestServer({ ...options, dir, port: server.port }, ownsDir);
    },
    stop: stopBoth,
    startAgain: () => startTestServer({ ...options, dir, port: server.port }, ownsDir),
    async close() {
      await stopBoth();
      if (ownsDir) await rm(dir, { recursive: true, force: true });
    },
  };
}
