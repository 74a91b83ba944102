import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

// CRM credentials at rest: AES-256-GCM under a key that is not in the database — from the
// environment (HANDSHAKE_SECRET_KEY), or a key file generated beside the database file,
// readable by the server's user only. A stolen database file alone opens nothing.

const KEY_BYTES = 32;
const FORMAT = 'v1';

export interface TSecretKey {
  key: Buffer;
  /** Where it came from, for messages: never the key itself. */
  origin: string;
}

function parseKey(text: string, origin: string): TSecretKey {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES) throw new Error(`${origin}: expected a 32-byte key, base64 or 64 hex digits (openssl rand -base64 32)`);
  return { key, origin };
}

/** The key file's default place: beside a file database, else ./data. */
export function defaultKeyFile(dbUrl: string): string {
  const dir = dbUrl.startsWith('file:') ? dirname(resolve(dbUrl.slice('file:'.length).split('?')[0]!)) : resolve('data');
  return join(dir, 'handshake.key');
}

/**
 * The key credentials are sealed with: HANDSHAKE_SECRET_KEY when set, else the key file
 * (HANDSHAKE_SECRET_KEY_FILE, or beside the database), created with mode 0600 on first use.
 */
export function loadSecretKey(options: { envKey?: string; keyFile: string; create: boolean }): TSecretKey {
  if (options.envKey) return parseKey(options.envKey, 'HANDSHAKE_SECRET_KEY');
  if (existsSync(options.keyFile)) {
    const mode = statSync(options.keyFile).mode & 0o077;
    if (mode !== 0) chmodSync(options.keyFile, 0o600);
    return parseKey(readFileSync(options.keyFile, 'utf8'), `key file ${options.keyFile}`);
  }
  if (!options.create) throw new Error(`no secret key: set HANDSHAKE_SECRET_KEY or keep the key file ${options.keyFile} that sealed the credentials`);
  mkdirSync(dirname(options.keyFile), { recursive: true });
  writeFileSync(options.keyFile, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return parseKey(readFileSync(options.keyFile, 'utf8'), `key file ${options.keyFile}`);
}

/** Encrypts a secret, bound to what it belongs to (`context`): it opens only there. */
export function seal(secret: unknown, key: TSecretKey, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(JSON.stringify(secret), 'utf8'), cipher.final()]);
  return [FORMAT, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join('.');
}

export function unseal<T = unknown>(sealed: string, key: TSecretKey, context: string): T {
  const [format, iv, tag, body] = sealed.split('.');
  if (format !== FORMAT || !iv || !tag || body === undefined) throw new Error('the stored credentials are not in a format this version reads');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    const text = Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`the stored credentials cannot be opened with the ${key.origin}: it is not the key they were sealed with`);
  }
}
