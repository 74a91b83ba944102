import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weeklyReport } from '../../server/domain/report';
import { insertHandover, insertLead, roundTheClock } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

// The weekly report is Markdown that managers paste into a wiki or a chat: what leads and reps
// wrote must come out as text there, never as HTML, a link, a heading or a broken table.
// Everyone works around the clock in UTC; the week is [2026-03-02, 2026-03-09).

const NOW = new Date('2026-03-13T12:00:00.000Z');
const ALWAYS = roundTheClock();

const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert(1)</script>';
const LINK = '[open me](javascript:alert(document.cookie))';
const RLO = '\u202E';

/** The cells of a GFM table row: split on pipes no backslash escapes. */
function cells(row: string): string[] {
  const parts = [''];
  for (const token of row.trim().match(/\\.|\||[^|\\]+|\\/g) ?? []) {
    if (token === '|') parts.push('');
    else parts[parts.length - 1] += token;
  }
  return parts.slice(1, -1);
}

describe('the weekly report with hostile text from leads and reps', () => {
  let server: TestServer;
  let report: string;

  beforeAll(async () => {
    server = await startTestServer({ now: () => NOW });
    const rep = await server.user({ email: 'rep@example.com', name: `${SCRIPT} | Eve ${IMG}\n# Rep heading`, role: 'rep', ...ALWAYS });
    const other = await server.user({ email: 'other@example.com', name: `Zed ${LINK} | x | y`, role: 'rep', ...ALWAYS });

    const lead = async (n: number, fields: { firstName: string; lastName: string; company: string; source: string }) =>
      insertLead(server.database, {
        email: `lead${n}@example.com`,
        firstName: fields.firstName,
        lastName: fields.lastName,
        company: { name: fields.company },
        source: fields.source,
        stage: 'sql',
        sqlAt: `2026-03-0${n + 1}T10:00:00.000Z`,
      });
    const rejected = await lead(1, { firstName: IMG, lastName: `gnp${RLO}.exe`, company: SCRIPT, source: `${LINK}\n# Source heading` });
    const breached = await lead(2, { firstName: `${LINK}`, lastName: '| a | b |', company: `Acme\n\n# Company heading\n| x | y |`, source: '<javascript:alert(1)>' });
    const accepted = await lead(3, { firstName: '**bold**', lastName: `\\${SCRIPT}`, company: `\\${IMG}`, source: 'webinar' });

    const handover = (leadId: string, ownerId: string, day: number, deadlineDay: number) =>
      insertHandover(server.database, {
        leadId,
        ownerId,
        startedAt: `2026-03-0${day}T10:00:00.000Z`,
        warnAt: `2026-03-0${day}T13:00:00.000Z`,
        deadline: `2026-03-0${deadlineDay}T14:00:00.000Z`,
      });
    await handover(rejected, rep.id, 2, 2);
    await handover(breached, other.id, 3, 3);
    await handover(accepted, rep.id, 4, 4);
    await rep.api.decision.reject.mutate({
      leadId: rejected,
      idempotencyKey: 'reject-hostile-1',
      reason: 'other',
      note: `fine\n# Note heading\n| injected | row |\n${SCRIPT} ${IMG} ${LINK}`,
    });
    await rep.api.touch.log.mutate({ leadId: accepted, channel: 'call', idempotencyKey: 'touch-hostile-1', at: '2026-03-04T10:30:00.000Z' });
    await rep.api.decision.accept.mutate({ leadId: accepted, idempotencyKey: 'accept-hostile-1' });

    report = await weeklyReport(server.database, { weekEnding: new Date('2026-03-09T00:00:00Z'), now: NOW });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('has no raw HTML and no javascript: link from what people wrote', () => {
    expect(report).not.toMatch(/<script/i);
    expect(report).not.toMatch(/<img/i);
    expect(report).not.toContain('](javascript:');
    expect(report).not.toContain('<javascript:');
    expect(report).not.toContain(RLO);
  });

  it('starts no heading of its own from what people wrote', () => {
    const headings = report.split('\n').filter((line) => /^\s{0,3}#/.test(line));
    expect(headings).toEqual(['# Handshake weekly sync: 2026-03-02 to 2026-03-08', '## Headlines', '## Top rejection reasons', '## Per rep', '## SQLs to review']);
  });

  it('keeps every table row at its number of cells', () => {
    const rows = report.split('\n').filter((line) => line.startsWith('|'));
    const headlines = rows.filter((row) => cells(row).length === 4);
    const perRep = rows.filter((row) => cells(row).length === 10);
    expect(headlines.length + perRep.length).toBe(rows.length);
    expect(headlines).toHaveLength(10);
    // Header, rule, and the two reps.
    expect(perRep).toHaveLength(4);
  });

  it('still shows what they wrote, as text', () => {
    const review = report.slice(report.indexOf('## SQLs to review'));
    const items = review.split('\n').filter((line) => line.startsWith('- '));
    expect(items).toHaveLength(3);
    expect(items[0]).toContain('&lt;img src=x onerror=alert(1)&gt; gnp.exe, &lt;script&gt;alert(1)&lt;/script&gt; <lead1@example.com>');
    expect(items[0]).toContain('"fine # Note heading \\| injected \\| row \\| &lt;script&gt;');
    expect(items[0]).toContain('source \\[open me\\]\\(javascript:alert(document.cookie)) # Source heading;');
    expect(items[1]).toContain('Acme # Company heading \\| x \\| y \\| <lead2@example.com>, source &lt;javascript:alert(1)&gt;; handed to Zed \\[open me\\]');
    expect(items[2]).toContain('\\*\\*bold\\*\\* \\\\&lt;script&gt;'); 
  });
});
