import { randomBytes } from 'node:crypto';
import type { TConnectorContext } from '../../server/connectors/connections';
import { CONNECTORS } from '../../server/connectors/registry';
import { loadSecretKey } from '../../server/connectors/secrets';
import { verdictFieldName } from '../../server/connectors/salesforce/verdict';
import { VERDICT_FIELD_SPECS, VERDICT_FIELDS } from '../../server/connectors/verdict';
import type { Database } from '../../server/db/client';
import type { CustomFieldSpec } from './crm/salesforce-schema';

/** The connectors' context on a test server's database, a fresh sealing key, and the test's clock. */
export function connectorContext(database: Database, now: () => Date): TConnectorContext {
  const secretKey = loadSecretKey({ envKey: randomBytes(32).toString('base64'), keyFile: 'unused', create: false });
  return { database, secretKey, modules: CONNECTORS, now };
}

/** What an admin following connect's Setup steps adds to Lead for the verdict: each field of the type the step names. */
export function addSalesforceVerdictFields(org: { addField(objectName: string, spec: CustomFieldSpec): void }): void {
  const types: Record<string, CustomFieldSpec['type']> = { enum: 'picklist', datetime: 'datetime', number: 'double', text: 'string' };
  for (const field of VERDICT_FIELDS) {
    const spec = VERDICT_FIELD_SPECS[field];
    org.addField('Lead', { name: verdictFieldName(field), type: types[spec.kind]!, ...(spec.options ? { picklistValues: spec.options.map(([value]) => value) } : {}), ...(spec.kind === 'text' ? { length: 255 } : {}) });
  }
}
