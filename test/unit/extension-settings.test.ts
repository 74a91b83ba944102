import { describe, expect, it } from 'vitest';
import { remember, REMEMBERED_IDS, toShow } from '../../extension/background/notify';
import { addCustomSite, builtInSiteCovering, DEFAULT_SITE_SETTINGS, isOnCustomSite, isSiteEnabled, parseCustomSite, removeCustomSite, setSiteEnabled } from '../../extension/lib/site-settings';
import { SITE_ADAPTERS } from '../../extension/sites';
import { formatTopReasons, nextSort, repCells, sortRows } from '../../extension/ui/stats-view';
import type { TNotification, TRepRow } from '../../extension/lib/types';

describe('sites on and off', () => {
  it('turns a built-in site off and on; the demo pages and unknown adapters stay on', () => {
    const off = setSiteEnabled(DEFAULT_SITE_SETTINGS, 'gmail', false);
    expect(isSiteEnabled(off, 'gmail')).toBe(false);
    expect(isSiteEnabled(off, 'hubspot')).toBe(true);
    expect(isSiteEnabled(off, 'demo')).toBe(true);
    expect(isSiteEnabled(setSiteEnabled(off, 'gmail', true), 'gmail')).toBe(true);
  });

  it.each([
    ['crm.example.com', 'crm.example.com', 'https://crm.example.com/*'],
    ['https://CRM.example.com/contacts/42?x=1', 'crm.example.com', 'https://crm.example.com/*'],
    ['*.example.com', '*.example.com', 'https://*.example.com/*'],
    ['http://intranet.example.com:8080/', 'intranet.example.com:8080', 'http://intranet.example.com:8080/*'],
    ['localhost:3000', 'localhost:3000', 'http://localhost:3000/*'],
  ])('reads the custom site %s as %s (%s)', (input, host, pattern) => {
    expect(parseCustomSite(input)).toEqual({ ok: true, site: { host, pattern } });
  });

  it.each(['', '*', '*.com', 'com', '<all_urls>', 'https://*/*', 'crm example.com', 'ftp://crm.example.com', 'crm.example.com:99999'])('refuses %j as a custom site', (input) => {
    expect(parseCustomSite(input).ok).toBe(false);
  });

  it('adds a custom site once and removes it', () => {
    const site = { host: 'crm.example.com', pattern: 'https://crm.example.com/*' };
    const added = addCustomSite(addCustomSite(DEFAULT_SITE_SETTINGS, site), site);
    expect(added.custom).toEqual([site]);
    expect(removeCustomSite(added, site.pattern).custom).toEqual([]);
  });

  it.each([
    ['crm.example.com', 'https://crm.example.com/people/42', true],
    ['crm.example.com', 'http://crm.example.com/people/42', false],
    ['crm.example.com', 'https://other.example.com/', false],
    ['crm.example.com', 'https://crm.example.com.evil.test/', false],
    ['*.example.com', 'https://eu.crm.example.com/x', true],
    ['*.example.com', 'https://example.com/', true],
    ['*.example.com', 'https://notexample.com/', false],
    ['localhost:3000', 'http://localhost:3000/people', true],
    ['localhost:3000', 'http://localhost:3001/people', false],
    ['intranet.example.com', 'https://intranet.example.com:8443/', true],
  ])('custom site %s does or does not cover %s', (input, url, covered) => {
    const parsed = parseCustomSite(input);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(isOnCustomSite(addCustomSite(DEFAULT_SITE_SETTINGS, parsed.site), new URL(url))).toBe(covered);
  });

  it.each([
    ['app.hubspot.com', 'hubspot'],
    ['*.hubspot.com', 'hubspot'],
    ['acme.lightning.force.com', 'salesforce'],
    ['acme.pipedrive.com', 'pipedrive'],
    ['mail.google.com', 'gmail'],
    ['crm.example.com', undefined],
    ['localhost:3000', undefined],
    ['hubspot.com.example.org', undefined],
  ])('a custom %s overlaps the built-in site %s', (input, id) => {
    const parsed = parseCustomSite(input);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(builtInSiteCovering(parsed.site, SITE_ADAPTERS)?.id).toBe(id);
  });
});

describe('desktop notifications', () => {
  const n = (id: string, at: string, kind: TNotification['kind'] = 'sla_warning'): TNotification => ({
    id,
    userId: 'u',
    handoverId: `h-${id}`,
    kind,
    message: `message ${id}`,
    at,
    readAt: null,
    desktop: true,
  });

  it('shows each unread notification once, oldest first', () => {
    const unread = [n('b', '2026-11-23T10:00:00Z', 'sla_breach'), n('a', '2026-11-23T09:00:00Z')];
    expect(toShow(unread, []).map((x) => x.id)).toEqual(['a', 'b']);
    expect(toShow(unread, ['a']).map((x) => x.id)).toEqual(['b']);
    expect(toShow(unread, remember([], ['a', 'b']))).toEqual([]);
  });

  it('remembers a bounded number of ids, newest kept', () => {
    const many = Array.from({ length: REMEMBERED_IDS + 10 }, (_, i) => `n${i}`);
    const kept = remember([], many);
    expect(kept).toHaveLength(REMEMBERED_IDS);
    expect(kept.at(-1)).toBe(`n${REMEMBERED_IDS + 9}`);
  });
});

describe('the per-rep table', () => {
  const rep = (name: string, over: Partial<TRepRow> = {}): TRepRow => ({
      repId: name,
      name,
      email: `${name}@example.com`,
      handovers: 4,
      accepted: 2,
      rejected: 1,
      undecided: 1,
      acceptanceRate: 2 / 3,
      slaDue: 3,
      slaMet: 2,
      slaMetRate: 2 / 3,
      breached: 1,
      rejectedWithoutContact: 0,
      touched: 2,
      firstTouchBusinessMs: { median: 45 * 60_000, p75: 3 * 3_600_000 },
      firstTouchCalendarMs: { median: 45 * 60_000, p75: 3 * 3_600_000 },
      topReasons: [{ reasonId: 'no_budget', label: 'No budget', count: 1 }],
      untouchedOpen: 1,
      ...over,
    });

  it('sorts by a clicked column, flips on a second click, and puts missing figures last either way', () => {
    const rows = [rep('Ana', { acceptanceRate: 0.5 }), rep('Ben', { acceptanceRate: null }), rep('Cleo', { acceptanceRate: 0.9 })];
    let sort = nextSort({ column: 'name', direction: 'ascending' }, 'acceptanceRate');
    expect(sort).toEqual({ column: 'acceptanceRate', direction: 'descending' });
    expect(sortRows(rows, sort).map((r) => r.name)).toEqual(['Cleo', 'Ana', 'Ben']);
    sort = nextSort(sort, 'acceptanceRate');
    expect(sortRows(rows, sort).map((r) => r.name)).toEqual(['Ana', 'Cleo', 'Ben']);
    expect(nextSort(sort, 'firstTouchMedian').direction).toBe('ascending');
  });

  it('reads a row in words', () => {
    expect(repCells(rep('Ana'))).toEqual(['Ana', '2', '1', '66.7%', '66.7%', '45 min', '3 h', 'No budget (1)']);
    expect(formatTopReasons({ topReasons: [] })).toBe('—');
  });
});
