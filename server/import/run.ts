import { Presets, SingleBar } from 'cli-progress';
import { count, inArray } from 'drizzle-orm';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { IANAZone } from 'luxon';
import type { Database } from '../db/client';
import { handovers, leads, users } from '../db/schema';
import { SYSTEM, type TActor } from '../domain/audit';
import { ingestEvents, ingestLeads, type TItemRejection } from '../domain/ingest';
import { invalid } from '../errors';
import { CsvFileError, formatIssue, headerKey, leadFieldSource, mapCsv, type TCrm, type TCsvFormat, type TImportField, type TMappedRow, type TRowIssue } from './csv';
import { HUBSPOT_FORMAT } from './hubspot';
import { SALESFORCE_FORMAT } from './salesforce';

// `npm run cli -- import --format hubspot|salesforce FILE.csv [--timezone Area/City]`:
// reads a CRM export, maps it (csv.ts and the per-format column lists), and writes it
// through the same ingest as the REST API — leads upserted by e-mail, funnel events
// idempotent by id — in chunks, with a progress bar on stderr. Importing the same file
// twice changes nothing the second time.

export const IMPORT_FORMATS: Record<TCrm, TCsvFormat> = { hubspot: HUBSPOT_FORMAT, salesforce: SALESFORCE_FORMAT };
export type TImportFormat = TCrm;

export interface TImportOptions {
  database: Database;
  /** Path of the CSV file. */
  file: string;
  format: TImportFormat;
  /** IANA zone the export's wall-clock dates are in; UTC when absent. */
  timezone?: string;
  now: Date;
  /** Show a progress bar on stderr (shown only when stderr is a terminal). */
  progress: boolean;
  /** Rows per ingest call (default 500). */
  chunkSize?: number;
  /** Who the audit log records (default: the system, as for every CLI command). */
  actor?: TActor;
}

export interface TImportSummary {
  file: string;
  format: TImportFormat;
  formatLabel: string;
  timeZone: string;
  /** Slash dates were read day-first (D/M/YYYY). */
  dayFirst: boolean;
  /** Data rows in the file (blank lines excluded). */
  rows: number;
  /** Leads written: new ones and existing ones (same e-mail) updated. */
  created: number;
  updated: number;
  /** Funnel events (opportunity, won) stored now, and those already there from an earlier import. */
  events: { stored: number; alreadyThere: number };
  /** Handovers the import opened (leads with an SQL date, handed over at that date). */
  handoversOpened: number;
  skipped: TRowIssue[];
  warnings: TRowIssue[];
  /** Which header each field was read from; headers no field uses. */
  columns: { used: Partial<Record<TImportField, string[]>>; ignored: string[] };
  seconds: number;
}

const DEFAULT_CHUNK = 500;

/** Handshake users by normalised name ("Ines Moreau" finds "Inès Moreau"), null when two share a name; and their e-mails. */
async function teamDirectory(database: Database): Promise<{ byName: Map<string, string | null>; emails: Set<string> }> {
  const rows = await database.db.select({ name: users.name, email: users.email }).from(users);
  const byName = new Map<string, string | null>();
  for (const row of rows) {
    const key = headerKey(row.name);
    byName.set(key, byName.has(key) ? null : row.email);
  }
  return { byName, emails: new Set(rows.map((r) => r.email)) };
}

async function handoverCount(database: Database, emails: string[]): Promise<number> {
  if (emails.length === 0) return 0;
  const ids = database.db.select({ id: leads.id }).from(leads).where(inArray(leads.email, emails));
  const rows = await database.db.select({ n: count() }).from(handovers).where(inArray(handovers.leadId, ids));
  return rows[0]?.n ?? 0;
}

/** Reads, maps and ingests a CRM export; returns what happened to each row. */
export async function runImport(options: TImportOptions): Promise<TImportSummary> {
  const started = Date.now();
  const { database, now } = options;
  const format = IMPORT_FORMATS[options.format];
  if (!format) throw invalid('format', `expected one of ${Object.keys(IMPORT_FORMATS).join(', ')}`);
  const timeZone = options.timezone ?? 'UTC';
  if (!IANAZone.isValidZone(timeZone)) throw invalid('timezone', `expected an IANA time zone such as Europe/Paris, found "${timeZone}"`);
  const actor = options.actor ?? SYSTEM;
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;

  let bytes: Buffer;
  try {
    bytes = await readFile(options.file);
  } catch (error) {
    throw invalid('file', `cannot read ${options.file}: ${(error as Error).message}`);
  }
  let mapped;
  try {
    mapped = mapCsv(bytes, format, { timeZone, now });
  } catch (error) {
    if (error instanceof CsvFileError) throw invalid('file', `${basename(options.file)}: ${error.message}`);
    throw error;
  }

  const summary: TImportSummary = {
    file: options.file,
    format: options.format,
    formatLabel: format.label,
    timeZone,
    dayFirst: mapped.dayFirst,
    rows: mapped.total,
    created: 0,
    updated: 0,
    events: { stored: 0, alreadyThere: 0 },
    handoversOpened: 0,
    skipped: [...mapped.skipped],
    warnings: [...mapped.warnings],
    columns: mapped.columns,
    seconds: 0,
  };

  // Owners: a name is matched to a user by name; an owner who is not a user here is kept on
  // the lead (ingest stores the e-mail) but the handover goes to the round-robin.
  const team = await teamDirectory(database);
  for (const row of mapped.rows) {
    if (!row.owner) continue;
    const { name, column } = row.owner;
    if (name !== undefined) {
      const email = team.byName.get(headerKey(name));
      if (email) row.lead.ownerEmail = email;
      else {
        const why = email === null ? 'several Handshake users have that name' : 'no Handshake user has that name';
        summary.warnings.push({ line: row.line, column, message: `"${name}": ${why}; the lead goes to the round-robin` });
      }
    } else if (row.lead.ownerEmail && !team.emails.has(row.lead.ownerEmail)) {
      summary.warnings.push({ line: row.line, column, message: `${row.lead.ownerEmail} is not a Handshake user; the lead goes to the round-robin` });
    }
  }

  const bar = options.progress && process.stderr.isTTY
    ? new SingleBar(
        { format: `Importing ${basename(options.file)} {bar} {value}/{total} rows | {eta_formatted} left`, stream: process.stderr, hideCursor: true, etaBuffer: 5 },
        Presets.shades_classic,
      )
    : null;
  bar?.start(mapped.total, mapped.skipped.length);

  try {
    for (let i = 0; i < mapped.rows.length; i += chunkSize) {
      await writeChunk(database, mapped.rows.slice(i, i + chunkSize), actor, now, summary);
      bar?.increment(Math.min(chunkSize, mapped.rows.length - i));
    }
  } finally {
    bar?.stop();
  }
  summary.skipped.sort((a, b) => a.line - b.line);
  summary.warnings.sort((a, b) => a.line - b.line);
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}

/**
 * One chunk: its leads, then the funnel events of the leads the ingest accepted. A row the
 * ingest refuses (the mapper validates first, so this is rare) is reported as skipped, with
 * the column its field came from.
 */
async function writeChunk(database: Database, rows: TMappedRow[], actor: TActor, now: Date, summary: TImportSummary): Promise<void> {
  const emails = [...new Set(rows.map((r) => r.lead.email))];
  const handoversBefore = await handoverCount(database, emails);
  const leadResult = await ingestLeads(database, rows.map((r) => (r.createdAt ? { ...r.lead, createdAt: r.createdAt } : r.lead)), actor, now);
  summary.created += leadResult.created;
  summary.updated += leadResult.updated;
  const refused = new Set<number>();
  for (const rejection of leadResult.rejected) {
    refused.add(rejection.index);
    summary.skipped.push(issueFor(rejection, rows[rejection.index]!.line, summary));
  }

  const sent = rows.filter((_, i) => !refused.has(i)).flatMap((r) => r.events.map((event) => ({ event, line: r.line })));
  if (sent.length > 0) {
    const eventResult = await ingestEvents(database, sent.map((s) => s.event), actor, now);
    summary.events.alreadyThere += eventResult.duplicates;
    summary.events.stored += eventResult.accepted - eventResult.duplicates;
    for (const rejection of eventResult.rejected) summary.warnings.push(issueFor(rejection, sent[rejection.index]!.line, summary));
  }
  summary.handoversOpened += (await handoverCount(database, emails)) - handoversBefore;
}

/** An ingest rejection (`leads.3.company.employees: …`) as a row issue naming the file's column. */
function issueFor(rejection: TItemRejection, line: number, summary: TImportSummary): TRowIssue {
  const path = rejection.field.split('.').slice(2).join('.');
  const message = rejection.message.startsWith(`${rejection.field}: `) ? rejection.message.slice(rejection.field.length + 2) : rejection.message;
  const field = leadFieldSource(path);
  const column = field ? (summary.columns.used[field]?.[0] ?? null) : null;
  return { line, column, message: column ? message : `${path}: ${message}` };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The summary as the CLI prints it: totals first, then every skipped row and warning with its line. */
export function formatSummary(summary: TImportSummary): string {
  const lines = [
    `${summary.formatLabel} ${summary.file}: ${plural(summary.rows, 'row')} read (dates in ${summary.timeZone}${summary.dayFirst ? ', day-first' : ''}).`,
    `Imported ${plural(summary.created + summary.updated, 'lead')}: ${summary.created.toLocaleString('en-US')} created, ${summary.updated.toLocaleString('en-US')} updated.`,
  ];
  if (summary.events.stored + summary.events.alreadyThere > 0) {
    lines.push(
      `Funnel events (opportunities, wins): ${summary.events.stored.toLocaleString('en-US')} stored` +
        (summary.events.alreadyThere > 0 ? `, ${summary.events.alreadyThere.toLocaleString('en-US')} already there` : '') +
        '.',
    );
  }
  if (summary.handoversOpened > 0) lines.push(`Handovers opened from SQL dates: ${summary.handoversOpened.toLocaleString('en-US')}.`);
  lines.push(`Skipped ${plural(summary.skipped.length, 'row')}${summary.skipped.length > 0 ? ':' : '.'}`);
  for (const issue of summary.skipped) lines.push(`  ${formatIssue(issue)}`);
  if (summary.warnings.length > 0) {
    lines.push(`Imported with ${plural(summary.warnings.length, 'warning')}:`);
    for (const issue of summary.warnings) lines.push(`  ${formatIssue(issue)}`);
  }
  if (summary.columns.ignored.length > 0) lines.push(`Columns not used: ${summary.columns.ignored.join(', ')}.`);
  lines.push(`Done in ${summary.seconds.toFixed(1)} s.`);
  return lines.join('\n');
}
