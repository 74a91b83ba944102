import type { TLeadRef } from '../lib/types';

export type { TLeadRef };

export interface TSiteAdapter {
  id: 'hubspot' | 'salesforce' | 'pipedrive' | 'gmail' | 'outlook' | 'demo';
  name: string;
  /** Match patterns of the pages it runs on: the content script's `matches`, and the host permissions. */
  matches: readonly string[];
  /**
   * Reads the lead from the page; null when the page shows none (a list, an empty inbox).
   * `ownAddresses` are the signed-in rep's: in a mail thread the rep's own messages are not the lead's.
   */
  detect(url: URL, document: Document, ownAddresses?: readonly string[]): TLeadRef | null;
  /** URLs the adapter must and must not claim, checked by the tests. */
  testUrls: { lead: readonly string[]; noLead: readonly string[] };
}
