import { MatchPattern } from 'wxt/utils/match-patterns';
import { demo } from './demo';
import { gmail } from './gmail';
import { hubspot } from './hubspot';
import { outlook } from './outlook';
import { pipedrive } from './pipedrive';
import { salesforce } from './salesforce';
import type { TSiteAdapter } from './types';

export const SITE_ADAPTERS: readonly TSiteAdapter[] = [hubspot, salesforce, pipedrive, gmail, outlook, demo];

/** Every page an adapter runs on: the content script's matches and the host permissions. */
export const SITE_MATCHES: readonly string[] = SITE_ADAPTERS.flatMap((adapter) => adapter.matches);

/**
 * The origins of those pages (`https://mail.google.com/*`), which may load the sidebar's UI
 * script: a web-accessible resource is matched by origin only.
 */
export const SITE_ORIGINS: readonly string[] = [...new Set(SITE_MATCHES.map((pattern) => pattern.replace(/^([^:]+:\/\/[^/]+)\/.*$/, '$1/*')))];

export function adapterFor(url: URL): TSiteAdapter | undefined {
  return SITE_ADAPTERS.find((adapter) => adapter.matches.some((pattern) => new MatchPattern(pattern).includes(url.href)) && (adapter.claims?.(url) ?? true));
}
