import { z } from 'zod';

/** The server's settings, from the environment, checked once at start-up. */
export const ZConfig = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default('127.0.0.1'),
  HANDSHAKE_DB_URL: z.string().default('file:./data/handshake.db'),
  HANDSHAKE_DB_AUTH_TOKEN: z.string().optional(),
  /** `0` starts on an empty database without demo data: a real team's first start. */
  HANDSHAKE_DEMO: z.enum(['0', '1']).default('1'),
  /** How often the SLA sweeper runs. */
  HANDSHAKE_SWEEP_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
});
export type TConfig = z.infer<typeof ZConfig>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): TConfig {
  const result = ZConfig.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`${issue.path.join('.')}: ${issue.message}`);
  }
  return result.data;
}
