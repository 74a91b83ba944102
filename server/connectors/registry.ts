import type { TCrmName } from '../db/schema-connectors';
import { hubspotConnector } from './hubspot';
import { pipedriveConnector } from './pipedrive';
import { salesforceConnector } from './salesforce';
import type { TConnectorModule } from './types';

/** Every CRM Handshake connects to: one module each. */
export const CONNECTORS: Partial<Record<TCrmName, TConnectorModule>> = {
  hubspot: hubspotConnector,
  pipedrive: pipedriveConnector,
  salesforce: salesforceConnector,
};
