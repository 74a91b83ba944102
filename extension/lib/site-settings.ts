import type { TSiteAdapter } from '../sites/types';

// Where the sidebar runs: the built-in sites on or off, and the custom sites a team adds
// (a self-hosted CRM, say). Not secret: the content script reads it (lib/settings.ts holds
// the storage item). Pure, so it is tested without a browser.

export const SITE_IDS = ['hubspot', 'salesforce', 'pipedrive', 'gmail', 'outlook'] as const satisfies readonly TSiteAdapter['id'][];
export type TSiteId = (typeof SITE_IDS)[number];

export const SITE_LABELS: Record<TSiteId, string> = {
  hubspot: 'HubSpot',
  salesforce: 'Salesforce',
  pipedrive: 'Pipedrive',
  gmail: 'Gmail',
  outlook: 'Outlook on the web',
};

export interface TCustomSite {
  /** As the user reads it: `crm.example.com`, `*.example.com`, `localhost:3000`. */
  host: string;
  /** The match pattern asked for and matched against: `https://crm.example.com/*`. */
  pattern: string;
}

export interface TSiteSettings {
  enabled: Record<TSiteId, boolean>;
  custom: TCustomSite[];
}

export const DEFAULT_SITE_SETTINGS: TSiteSettings = {
  enabled: { hubspot: true, salesforce: true, pipedrive: true, gmail: true, outlook: true },
  custom: [],
};

/** Whether an adapter may show the sidebar: a site switched off stays off; any other adapter (the demo pages) is on. */
export function isSiteEnabled(settings: TSiteSettings, id: TSiteAdapter['id']): boolean {
  return (SITE_IDS as readonly string[]).includes(id) ? settings.enabled[id as TSiteId] !== false : true;
}

const HOST_INPUT = /^(?:(https?):\/\/)?(\*\.)?([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)(?::(\d{1,5}))?(?:[/?#].*)?$/;

/** A host typed by a person, as a custom site; or why it cannot be one. */
export function parseCustomSite(input: string): { ok: true; site: TCustomSite } | { ok: false; message: string } {
  const text = input.trim().toLowerCase();
  const match = HOST_INPUT.exec(text);
  if (!text || !match) return { ok: false, message: 'Enter a host such as crm.example.com or *.example.com.' };
  const [, scheme, wildcard, host, port] = match as unknown as [string, string | undefined, string | undefined, string, string | undefined];
  const labels = host.split('.');
  if (host !== 'localhost' && labels.length < 2) return { ok: false, message: 'Enter a full host name, such as crm.example.com.' };
  if (wildcard && labels.length < 2) return { ok: false, message: 'A wildcard needs a domain under it, such as *.example.com.' };
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return { ok: false, message: 'The port must be between 1 and 65535.' };
  const local = host === 'localhost' || host === '127.0.0.1';
  const protocol = scheme ?? (local ? 'http' : 'https');
  const display = `${wildcard ?? ''}${host}${port ? `:${port}` : ''}`;
  return { ok: true, site: { host: display, pattern: `${protocol}://${display}/*` } };
}

function hostMatches(hostGlob: string, hostname: string): boolean {
  if (!hostGlob.startsWith('*.')) return hostGlob === hostname;
  const domain = hostGlob.slice(2);
  return hostname === domain || hostname.endsWith(`.${domain}`);
}

/** Whether a page is on one of the custom sites: scheme, host (a `*.` prefix takes its subdomains) and, when given, port. */
export function isOnCustomSite(settings: TSiteSettings, url: URL): boolean {
  return settings.custom.some((site) => {
    const [, scheme, host, port] = /^(https?):\/\/([^/:]+)(?::(\d+))?\//.exec(site.pattern) ?? [];
    if (!scheme || !host || url.protocol !== `${scheme}:`) return false;
    const urlPort = url.port || (url.protocol === 'https:' ? '443' : '80');
    return hostMatches(host, url.hostname) && (port === undefined || port === urlPort);
  });
}

/**
 * The built-in site a custom host would overlap (its pages already get the sidebar): by host,
 * either side's `*.` taking the other's subdomains. The demo pages are on loopback paths only.
 */
export function builtInSiteCovering(site: TCustomSite, adapters: readonly Pick<TSiteAdapter, 'id' | 'name' | 'matches'>[]): Pick<TSiteAdapter, 'id' | 'name'> | undefined {
  const host = site.host.replace(/:\d+$/, '');
  return adapters.find(
    (adapter) =>
      adapter.id !== 'demo' &&
      adapter.matches.some((pattern) => {
        const glob = /^[a-z*]+:\/\/([^/]+)\//.exec(pattern)?.[1] ?? '';
        return hostMatches(glob, host.replace(/^\*\./, '')) || hostMatches(host, glob.replace(/^\*\./, ''));
      }),
  );
}

export function addCustomSite(settings: TSiteSettings, site: TCustomSite): TSiteSettings {
  if (settings.custom.some((s) => s.pattern === site.pattern)) return settings;
  return { ...settings, custom: [...settings.custom, site] };
}

export function removeCustomSite(settings: TSiteSettings, pattern: string): TSiteSettings {
  return { ...settings, custom: settings.custom.filter((s) => s.pattern !== pattern) };
}

export function setSiteEnabled(settings: TSiteSettings, id: TSiteId, enabled: boolean): TSiteSettings {
  return { ...settings, enabled: { ...settings.enabled, [id]: enabled } };
}
