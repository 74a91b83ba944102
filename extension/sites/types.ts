import type { TLeadRef } from '../lib/types';

export type { TLeadRef };

/** One way of finding something on a site's page, and the saved pages that prove it is needed. */
export interface TSelectorAlternative {
  readonly selector: string;
  /** Saved pages (test/fixtures/pages) on which this alternative matches and no earlier one does. */
  readonly pages: readonly string[];
}

/** Alternatives for one thing on a page, in order: the first that matches is the one read. */
export interface TSelectorGroup {
  /** What it finds, for the tests' names: "the record's e-mail field". */
  readonly finds: string;
  readonly alternatives: readonly TSelectorAlternative[];
  /** The elements the adapter reads with one alternative, where the adapter looks (the open message, the active tab). */
  select(document: Document, selector: string): readonly Element[];
}

export interface TSiteAdapter {
  id: 'hubspot' | 'salesforce' | 'pipedrive' | 'gmail' | 'outlook' | 'demo';
  name: string;
  /** A mail site: most people on it are not leads, so the sidebar stays folded for them. */
  mail?: boolean;
  /** Match patterns of the pages it runs on: the content script's `matches`, and the host permissions. */
  matches: readonly string[];
  /**
   * Which pages under the match patterns are the site's, when a pattern takes more: a
   * `*.example.com` pattern (match patterns allow a wildcard only as a whole leading label)
   * covers hosts that are not the app.
   */
  claims?(url: URL): boolean;
  /**
   * Reads the lead from the page; null when the page shows none (a list, an empty inbox).
   * `ownAddresses` are the signed-in rep's: in a mail thread the rep's own messages are not the lead's.
   */
  detect(url: URL, document: Document, ownAddresses?: readonly string[]): TLeadRef | null;
  /**
   * Whether `detect` reads this URL's lead from the page's content, so the page is watched for
   * changes while it is shown (a record's fields, an open message's sender). Absent or false:
   * the URL alone names the lead, and only a change of URL is watched.
   */
  readsPage?(url: URL): boolean;
  /** Every selector the adapter reads the page with, each alternative paired with its saved pages (checked by the tests). */
  selectors?: readonly TSelectorGroup[];
  /** URLs the adapter must and must not claim, checked by the tests. */
  testUrls: { lead: readonly string[]; noLead: readonly string[] };
}
