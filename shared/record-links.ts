/** Where the team's CRMs live; each is optional. */
export interface TCrmSettings {
  /** HubSpot portal (hub) id, digits only. */
  hubspotPortal?: string;
  /** Salesforce Lightning host, e.g. `acme.lightning.force.com`. */
  salesforceDomain?: string;
  /** Pipedrive company host, e.g. `acme.pipedrive.com`. */
  pipedriveDomain?: string;
}

export interface TRecordLinkSettings extends TCrmSettings {
  /** The server serves its demo CRM and mail pages at /demo. */
  demo: boolean;
}

export interface TRecordLinkLead {
  email: string;
  hubspotId?: string | null;
  salesforceId?: string | null;
  pipedriveId?: string | null;
}

const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A DNS host name of two labels or more (`acme.pipedrive.com`): no scheme, port, path or trailing dot. */
export function isHostName(value: string): boolean {
  if (value.length > 253) return false;
  const labels = value.toLowerCase().split('.');
  return labels.length >= 2 && labels.every((label) => HOST_LABEL.test(label));
}

const SALESFORCE_OBJECTS: Readonly<Record<string, string>> = { '00Q': 'Lead', '003': 'Contact' };

function present(id: string | null | undefined): id is string {
  return typeof id === 'string' && id.trim() !== '';
}

/**
 * The address that opens a lead in the team's CRM: the first configured CRM, in the order
 * HubSpot, Salesforce, Pipedrive, that has an id for this lead; or null. A demo server with
 * no CRM configured links to its own demo pages, as a path for the client to resolve
 * against the server's address.
 */
export function recordUrl(settings: TRecordLinkSettings, lead: TRecordLinkLead): string | null {
  const { hubspotPortal, salesforceDomain, pipedriveDomain } = settings;
  const { hubspotId, salesforceId, pipedriveId } = lead;

  if (hubspotPortal && present(hubspotId)) {
    return `https://app.hubspot.com/contacts/${encodeURIComponent(hubspotPortal)}/record/0-1/${encodeURIComponent(hubspotId)}`;
  }
  if (salesforceDomain && present(salesforceId)) {
    const object = SALESFORCE_OBJECTS[salesforceId.slice(0, 3)];
    if (object) return `https://${salesforceDomain}/lightning/r/${object}/${encodeURIComponent(salesforceId)}/view`;
  }
  if (pipedriveDomain && present(pipedriveId)) {
    return `https://${pipedriveDomain}/person/${encodeURIComponent(pipedriveId)}`;
  }

  const anyCrmConfigured = Boolean(hubspotPortal || salesforceDomain || pipedriveDomain);
  if (!settings.demo || anyCrmConfigured) return null;
  if (present(hubspotId)) return `/demo/hubspot/${encodeURIComponent(hubspotId)}`;
  if (present(salesforceId)) return `/demo/salesforce/${encodeURIComponent(salesforceId)}`;
  if (present(pipedriveId)) return `/demo/pipedrive/${encodeURIComponent(pipedriveId)}`;
  return `/demo/mail/${encodeURIComponent(lead.email)}`;
}
