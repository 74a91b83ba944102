import { randomBytes } from 'node:crypto';
import type { TConnectorContext } from '../../server/connectors/connections';
import { CONNECTORS } from '../../server/connectors/registry';
import { loadSecretKey } from '../../server/connectors/secrets';
import type { Database } from '../../server/db/client';

/** The connectors' context on a test server's database, a fresh sealing key, and the test's clock. */
export function connectorContext(database: Database, now: () => Date): TConnectorContext {
  const secretKey = loadSecretKey({ envKey: randomBytes(32).toString('base64'), keyFile: 'unused', create: false });
  return { database, secretKey, modules: CONNECTORS, now };
}
