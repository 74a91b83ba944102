import { z } from 'zod';
import { isHostName, type TCrmSettings } from '../shared/record-links';
import { DEFAULT_LIMITS, type TLimits } from './http/limits';
import { StartupError } from './startup-error';

/** An empty variable (`HANDSHAKE_HUBSPOT_PORTAL=` in an env file) counts as unset. */
const optionalSetting = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const ZHostName = (example: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .refine(isHostName, `expected a host name such as ${example}, without https:// or a path`);

/** The server's settings, from the environment, checked once at start-up. */
export const ZConfig = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default('127.0.0.1'),
  HANDSHAKE_DB_URL: z.string().default('file:./data/handshake.db'),
  HANDSHAKE_DB_AUTH_TOKEN: z.string().optional(),
  /** A libSQL server HANDSHAKE_DB_URL (then a file) is an embedded replica of: reads local, writes to the server. */
  HANDSHAKE_DB_SYNC_URL: optionalSetting(
    z
      .string()
      .trim()
      .regex(/^(https?|libsql):\/\//, 'expected the libSQL server to sync from, such as http://127.0.0.1:8080 or libsql://db.example.com'),
  ),
  /** How often an embedded replica pulls what other instances wrote. */
  HANDSHAKE_DB_SYNC_SECONDS: z.coerce.number().min(0.1).max(3600).default(5),
  /** `0` starts on an empty database without demo data: a real team's first start. */
  HANDSHAKE_DEMO: z.enum(['0', '1']).default('1'),
  /** How often the SLA sweeper runs. */
  HANDSHAKE_SWEEP_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  HANDSHAKE_HUBSPOT_PORTAL: optionalSetting(
    z
      .string()
      .trim()
      .regex(/^[0-9]{1,20}$/, 'expected the numeric HubSpot portal id, such as 1234567'),
  ),
  HANDSHAKE_SALESFORCE_DOMAIN: optionalSetting(ZHostName('acme.lightning.force.com')),
  HANDSHAKE_PIPEDRIVE_DOMAIN: optionalSetting(ZHostName('acme.pipedrive.com')),
  // Limits (README: "Limits").
  HANDSHAKE_MAX_BATCH: z.coerce.number().int().min(1).max(1000).default(DEFAULT_LIMITS.maxBatch),
  HANDSHAKE_REQUEST_TIMEOUT_SECONDS: z.coerce.number().min(1).max(3600).default(DEFAULT_LIMITS.requestTimeoutMs / 1000),
  HANDSHAKE_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(10_000).default(DEFAULT_LIMITS.maxInFlightPerCaller),
  HANDSHAKE_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_LIMITS.authFailuresPerMinute),
  HANDSHAKE_INGEST_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(DEFAULT_LIMITS.ingestPerMinute),
  HANDSHAKE_SEGMENT_PENDING_PER_KEY: z.coerce.number().int().min(1).max(10_000_000).default(DEFAULT_LIMITS.segmentPendingPerKey),
  HANDSHAKE_DB_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(3600).default(DEFAULT_LIMITS.dbTimeoutMs / 1000),
  HANDSHAKE_TRUST_PROXY: z.enum(['0', '1']).default('0'),
  /** How often each connected CRM is pulled from and written to. */
  HANDSHAKE_SYNC_SECONDS: z.coerce.number().int().min(5).max(86_400).default(60),
  /** Leads per chunk of a full re-score (one read, one batch, one hold of the write lock). */
  HANDSHAKE_RESCORE_CHUNK: z.coerce.number().int().min(1).max(10_000).default(1000),
  /** The key CRM credentials are sealed with (32 bytes, base64 or hex); else the key file. */
  HANDSHAKE_SECRET_KEY: optionalSetting(z.string().trim().min(1)),
  /** Where the generated key lives when HANDSHAKE_SECRET_KEY is not set (beside the database file by default). */
  HANDSHAKE_SECRET_KEY_FILE: optionalSetting(z.string().trim().min(1)),
  // Alerts by e-mail and chat (README: "Alerts by e-mail and Slack").
  /** The team's mail server: smtp://user:password@host:587 (STARTTLS required), smtps://…:465, `?tls=0` for one on loopback. */
  HANDSHAKE_SMTP_URL: optionalSetting(z.string().trim().regex(/^smtps?:\/\/[^/?#]+/, 'expected smtp://user:password@host:587 or smtps://user:password@host:465')),
  /** The sender of the alerts: "Handshake <handshake@acme.com>". */
  HANDSHAKE_ALERTS_FROM: optionalSetting(z.string().trim().min(3)),
  /** A CA (PEM file) the mail server's certificate is signed by, when it is the team's own. */
  HANDSHAKE_SMTP_CA_FILE: optionalSetting(z.string().trim().min(1)),
  /** The team channel's incoming webhook (Slack, or any tool that takes its payload). */
  HANDSHAKE_SLACK_WEBHOOK_URL: optionalSetting(z.string().trim().url('expected the incoming webhook address, https://hooks.slack.com/services/…')),
  /** How often the alerts are planned and sent. */
  HANDSHAKE_ALERTS_SECONDS: z.coerce.number().min(0.5).max(3600).default(15),
});
export type TConfig = z.infer<typeof ZConfig>;

/**
 * The database a process beside the server opens (the CLI, the demo seed): the libSQL server
 * itself when the server's is an embedded replica of it, whose file its client owns.
 */
export function sharedDatabaseUrl(config: Pick<TConfig, 'HANDSHAKE_DB_URL' | 'HANDSHAKE_DB_SYNC_URL'>): string {
  return config.HANDSHAKE_DB_SYNC_URL ?? config.HANDSHAKE_DB_URL;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): TConfig {
  const result = ZConfig.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    // A value may be a secret (a password in the mail server's address, a webhook's token): only its name is said.
    throw new StartupError(`${issue.path.join('.')}: ${issue.message}`);
  }
  if (result.data.HANDSHAKE_SMTP_URL && !result.data.HANDSHAKE_ALERTS_FROM) throw new StartupError('HANDSHAKE_ALERTS_FROM: required with HANDSHAKE_SMTP_URL, the sender alerts are e-mailed from (Handshake <handshake@acme.com>)');
  return result.data;
}

export function limitSettings(config: TConfig): TLimits {
  return {
    ...DEFAULT_LIMITS,
    maxBatch: config.HANDSHAKE_MAX_BATCH,
    requestTimeoutMs: config.HANDSHAKE_REQUEST_TIMEOUT_SECONDS * 1000,
    maxInFlightPerCaller: config.HANDSHAKE_MAX_IN_FLIGHT,
    authFailuresPerMinute: config.HANDSHAKE_AUTH_FAILURES_PER_MINUTE,
    ingestPerMinute: config.HANDSHAKE_INGEST_PER_MINUTE,
    segmentPendingPerKey: config.HANDSHAKE_SEGMENT_PENDING_PER_KEY,
    dbTimeoutMs: config.HANDSHAKE_DB_TIMEOUT_SECONDS * 1000,
    trustProxy: config.HANDSHAKE_TRUST_PROXY === '1',
  };
}

/** Where the team's CRMs live, for the links that open a lead in them. */
export function crmSettings(config: TConfig): TCrmSettings {
  return {
    hubspotPortal: config.HANDSHAKE_HUBSPOT_PORTAL,
    salesforceDomain: config.HANDSHAKE_SALESFORCE_DOMAIN,
    pipedriveDomain: config.HANDSHAKE_PIPEDRIVE_DOMAIN,
  };
}
