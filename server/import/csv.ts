import { parse } from 'csv-parse/sync';
import { IANAZone } from 'luxon';
import { ZEmail, ZLead, type TEvent, type TLead } from '../../shared/schemas';
import { detectDayFirst, parseCrmDate } from './crm-dates';
import { domainFromWebsite, enumToWords, parseEmployees, parseFlag } from './csv-values';

// CRM export (CSV) → Handshake leads and funnel events. Pure: text in, mapped rows and
// per-line problems out; `run.ts` reads the file and calls the ingest.
//
// How a file is read:
// - Headers are matched case-, accent-, space- and punctuation-insensitively against each
//   format's column list (`hubspot.ts`, `salesforce.ts`): "Country/Region", "country / region"
//   and "COUNTRY REGION" are one column. Each field lists alternatives; per row, the first
//   alternative present in the file with a non-empty value wins.
// - A UTF-8 byte-order mark, CRLF or LF line ends, quoted fields with commas, quotes and
//   line breaks, and rows shorter than the header (trailing empty cells dropped by
//   spreadsheet tools) are all accepted. Line numbers are the file's own (the header is
//   line 1; a record spanning lines is reported at its first line).
// - A row is skipped, with its line and the column at fault, when its e-mail is missing or
//   invalid or a date cannot be read (a misread date would invent history: handovers,
//   SLA clocks). Any other unreadable value (employees, website, a flag) is dropped with a
//   warning and the row is still imported.
//
// Dates: CRMs export wall-clock times without a zone ("2026-09-14 10:32"). They are read in
// the `timeZone` option, UTC by default — HubSpot exports in the portal's zone and Salesforce
// in the exporting user's, so pass `--timezone Europe/Paris` when that is not UTC. A date
// with an explicit offset or "Z" keeps it. A date alone ("2026-09-14") means local midnight.
// Slash dates are month-first (M/D/YYYY, the en_US default of both CRMs) unless some date in
// the file has a first part above 12 — then the whole file is read day-first (D/M/YYYY).
// Dotted dates (14.09.2026) are always day-first.

export const IMPORT_FIELDS = [
  'recordId',
  'email',
  'firstName',
  'lastName',
  'title',
  'companyName',
  'companyDomain',
  'website',
  'employees',
  'industry',
  'country',
  'source',
  'latestSource',
  'campaign',
  'owner',
  'lifecycleStage',
  'leadStatus',
  'targetAccount',
  'mqlDate',
  'sqlDate',
  'opportunityDate',
  'customerDate',
  'converted',
  'convertedDate',
  'createDate',
] as const;
export type TImportField = (typeof IMPORT_FIELDS)[number];

export type TCrm = 'hubspot' | 'salesforce';

/** One CRM's export, as data: which header means which field, and how its values read. */
export interface TCsvFormat {
  id: TCrm;
  /** How the export is called in the CRM's own menus. */
  label: string;
  /** Field → the headers that carry it, in order of preference, spelled as the CRM spells them. */
  columns: Partial<Record<TImportField, readonly string[]>>;
  /** The CRM's stored values (internal enums, picklist entries) → the names the charter uses; keys compared like headers. */
  industries: Readonly<Record<string, string>>;
  /** Lead source values → the label to store; keys compared like headers. */
  sources: Readonly<Record<string, string>>;
  /** Read internal enum values (COMPUTER_SOFTWARE) as words (Computer Software) when not in `industries`. */
  industryEnums: boolean;
  /** The record id as the CRM's pages show it (Salesforce: the 18-character form), or null when it is not one. */
  normaliseRecordId(raw: string): string | null;
  /** Lead status values meaning the lead was converted (Salesforce "Closed - Converted"); keys compared like headers. */
  convertedStatuses: readonly string[];
}

export interface TRowIssue {
  /** Line in the file (header = 1); 0 for the file as a whole. */
  line: number;
  /** The column at fault, as the file spells it; null when no single column is. */
  column: string | null;
  message: string;
}

export interface TMappedRow {
  line: number;
  lead: TLead;
  /** Funnel events with deterministic ids (`hubspot:<record id>:opportunity`), so a re-import adds nothing. */
  events: TEvent[];
  /** The column the owner came from, and the owner's name when the cell holds a name rather than an e-mail (for the caller to resolve). */
  owner?: { column: string; name?: string };
  /** The CRM record's creation instant, ISO-8601, when the file has one. */
  createdAt?: string;
}

export interface TMappedCsv {
  rows: TMappedRow[];
  skipped: TRowIssue[];
  warnings: TRowIssue[];
  /** Data rows read (blank lines excluded). */
  total: number;
  /** Which header each field was read from, and the headers no field uses. */
  columns: { used: Partial<Record<TImportField, string[]>>; ignored: string[] };
  dayFirst: boolean;
}

export interface TMapOptions {
  /** IANA zone for wall-clock dates; UTC when absent. */
  timeZone?: string;
  /** Dates later than this (plus a day of slack for zone mix-ups) are refused. */
  now: Date;
}

export class CsvFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvFileError';
  }
}

// ---------------------------------------------------------------------------------------
// Headers and rows

/** Header comparison key: "Country/Region" → "countryregion", "E-mail" → "email". */
export function headerKey(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .normalize('NFKD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

export interface TParsedCsv {
  headers: string[];
  rows: { line: number; cells: string[] }[];
}

/** Parses CSV text (or bytes) into its header and data rows, each with the line it starts on. */
export function parseCsv(input: string | Uint8Array): TParsedCsv {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  let records: { record: string[]; info: { bytes: number } }[];
  try {
    records = parse(bytes, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: true }) as unknown as typeof records;
  } catch (error) {
    const e = error as { message: string; lines?: number };
    throw new CsvFileError(`not a readable CSV file${e.lines ? ` (line ${e.lines})` : ''}: ${e.message}`);
  }
  // Each record starts where the previous one ended; its line is the newlines before that
  // point, plus the blank lines skipped in between.
  const newline = bytes.includes(0x0a) ? 0x0a : 0x0d;
  let offset = 0;
  let line = 1;
  const located = records.map(({ record, info }) => {
    while (offset < bytes.length && (bytes[offset] === 0x0a || bytes[offset] === 0x0d)) {
      if (bytes[offset] === newline) line += 1;
      offset += 1;
    }
    const start = line;
    for (let i = offset; i < info.bytes && i < bytes.length; i += 1) if (bytes[i] === newline) line += 1;
    offset = info.bytes;
    return { line: start, cells: record };
  });
  const [header, ...rows] = located;
  if (!header) throw new CsvFileError('the file is empty: expected a header row');
  return { headers: header.cells.map((h) => h.replace(/^\uFEFF/, '').trim()), rows };
}

// ---------------------------------------------------------------------------------------
// Mapping

const isEnum = (value: string) => /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$|^[A-Z]{4,}$/.test(value);

function lookup(table: Readonly<Record<string, string>>, value: string): string | undefined {
  const key = headerKey(value);
  for (const [k, v] of Object.entries(table)) if (headerKey(k) === key) return v;
  return undefined;
}

interface TColumnIndex {
  /** Field → [header as written, column index] for each alternative present, in preference order. */
  fields: Map<TImportField, { header: string; index: number }[]>;
  ignored: string[];
}

function indexColumns(headers: readonly string[], format: TCsvFormat): TColumnIndex {
  const byKey = new Map<string, number>();
  headers.forEach((h, i) => {
    const key = headerKey(h);
    if (key && !byKey.has(key)) byKey.set(key, i);
  });
  const fields = new Map<TImportField, { header: string; index: number }[]>();
  const usedIndexes = new Set<number>();
  for (const field of IMPORT_FIELDS) {
    const found: { header: string; index: number }[] = [];
    for (const alternative of format.columns[field] ?? []) {
      const index = byKey.get(headerKey(alternative));
      if (index !== undefined && !found.some((f) => f.index === index)) {
        found.push({ header: headers[index]!, index });
        usedIndexes.add(index);
      }
    }
    if (found.length > 0) fields.set(field, found);
  }
  return { fields, ignored: headers.filter((h, i) => h && !usedIndexes.has(i)) };
}

/** The first non-empty value of a field in a row, with the header it came from. */
function cell(index: TColumnIndex, cells: readonly string[], field: TImportField): { value: string; column: string } | undefined {
  for (const { header, index: i } of index.fields.get(field) ?? []) {
    const value = (cells[i] ?? '').trim();
    if (value) return { value, column: header };
  }
  return undefined;
}

const DATE_FIELDS = ['mqlDate', 'sqlDate', 'opportunityDate', 'customerDate', 'convertedDate', 'createDate'] as const satisfies readonly TImportField[];
type TDateField = (typeof DATE_FIELDS)[number];

const FUTURE_SLACK_MS = 24 * 3_600_000;

/** A lead field (as a ZLead path) → the import field it was read from. */
const LEAD_PATH_FIELDS: Record<string, TImportField> = {
  email: 'email',
  firstName: 'firstName',
  lastName: 'lastName',
  title: 'title',
  'company.name': 'companyName',
  'company.domain': 'companyDomain',
  'company.employees': 'employees',
  'company.industry': 'industry',
  'company.country': 'country',
  source: 'source',
  campaign: 'campaign',
  ownerEmail: 'owner',
  crmIds: 'recordId',
  'lifecycle.mqlAt': 'mqlDate',
  'lifecycle.sqlAt': 'sqlDate',
};

/** The import field a lead field (a ZLead path such as `company.employees`) is read from. */
export function leadFieldSource(path: string): TImportField | undefined {
  return LEAD_PATH_FIELDS[path] ?? LEAD_PATH_FIELDS[path.split('.')[0]!];
}

class RowSkip extends Error {
  constructor(
    readonly column: string | null,
    message: string,
  ) {
    super(message);
  }
}

function mapRow(
  cells: readonly string[],
  line: number,
  index: TColumnIndex,
  format: TCsvFormat,
  context: { zone: string; dayFirst: boolean; now: Date },
  warn: (column: string | null, message: string) => void,
): TMappedRow {
  const get = (field: TImportField) => cell(index, cells, field);
  const text = (field: TImportField) => get(field)?.value;

  const emailCell = get('email');
  const emailColumn = emailCell?.column ?? index.fields.get('email')?.[0]?.header ?? 'Email';
  if (!emailCell) throw new RowSkip(emailColumn, 'expected an e-mail address, found an empty cell');
  const email = ZEmail.safeParse(emailCell.value);
  if (!email.success) throw new RowSkip(emailColumn, `expected an e-mail address, found "${emailCell.value}"`);

  const dates: Partial<Record<TDateField, string>> = {};
  for (const field of DATE_FIELDS) {
    const c = get(field);
    if (!c) continue;
    const date = parseCrmDate(c.value, context.zone, context.dayFirst);
    if (!date) throw new RowSkip(c.column, `expected a date such as 2026-09-14 10:32 or 9/14/2026, found "${c.value}"`);
    if (date.getTime() > context.now.getTime() + FUTURE_SLACK_MS) {
      throw new RowSkip(c.column, `${date.toISOString()} is in the future (is the --timezone right?)`);
    }
    dates[field] = date.toISOString();
  }

  const recordCell = get('recordId');
  let recordId: string | undefined;
  if (recordCell) {
    const normalised = format.normaliseRecordId(recordCell.value);
    if (normalised) recordId = normalised;
    else warn(recordCell.column, `"${recordCell.value}" is not a ${format.label} record id; the lead is imported without it`);
  }

  const company: NonNullable<TLead['company']> = {};
  const companyName = text('companyName');
  if (companyName) company.name = companyName;
  const domainCell = get('companyDomain') ?? get('website');
  if (domainCell) {
    const domain = domainFromWebsite(domainCell.value);
    if (domain) company.domain = domain;
    else warn(domainCell.column, `"${domainCell.value}" names no web domain; ignored`);
  }
  const employeesCell = get('employees');
  if (employeesCell) {
    const employees = parseEmployees(employeesCell.value);
    if (employees !== null) company.employees = employees;
    else warn(employeesCell.column, `expected a number or a range such as 51-200, found "${employeesCell.value}"; ignored`);
  }
  const industry = text('industry');
  if (industry) {
    company.industry = lookup(format.industries, industry) ?? (format.industryEnums && isEnum(industry) ? enumToWords(industry) : industry);
  }
  const country = text('country');
  if (country) company.country = country;

  const lead: TLead = { email: email.data };
  const firstName = text('firstName');
  const lastName = text('lastName');
  const title = text('title');
  if (firstName) lead.firstName = firstName;
  if (lastName) lead.lastName = lastName;
  if (title) lead.title = title;
  if (Object.keys(company).length > 0) lead.company = company;

  // Original source first: the funnel by source is about where a lead came from.
  const source = text('source') ?? text('latestSource');
  if (source) lead.source = lookup(format.sources, source) ?? (isEnum(source) ? enumToWords(source) : source);
  const campaign = text('campaign');
  if (campaign) lead.campaign = campaign;

  let owner: TMappedRow['owner'];
  const ownerCell = get('owner');
  if (ownerCell) {
    const ownerEmail = ZEmail.safeParse(ownerCell.value);
    if (ownerEmail.success) {
      lead.ownerEmail = ownerEmail.data;
      owner = { column: ownerCell.column };
    } else if (ownerCell.value.includes('@')) warn(ownerCell.column, `"${ownerCell.value}" is not an e-mail address; the lead goes to the round-robin`);
    else owner = { column: ownerCell.column, name: ownerCell.value };
  }

  const targetCell = get('targetAccount');
  if (targetCell) {
    const flag = parseFlag(targetCell.value);
    if (flag === null) warn(targetCell.column, `expected yes/no or true/false, found "${targetCell.value}"; ignored`);
    else lead.targetAccount = flag;
  }

  if (recordId) lead.crmIds = { [format.id]: recordId };

  const lifecycle: NonNullable<TLead['lifecycle']> = {};
  if (dates.mqlDate) lifecycle.mqlAt = dates.mqlDate;
  if (dates.sqlDate) lifecycle.sqlAt = dates.sqlDate;
  if (lifecycle.mqlAt && lifecycle.sqlAt && lifecycle.sqlAt < lifecycle.mqlAt) {
    warn(get('sqlDate')!.column, `the SQL date is before the MQL date (${lifecycle.mqlAt}); both are kept as the CRM has them`);
  }
  if (Object.keys(lifecycle).length > 0) lead.lifecycle = lifecycle;

  // Funnel events. Ids are the CRM record plus the step, so importing the file again (or a
  // newer export of the same records) adds nothing twice.
  const key = recordId ?? `email:${email.data}`;
  const events: TEvent[] = [];
  const funnelEvent = (type: 'opportunity_created' | 'closed_won', step: string, at: string, column: string) =>
    events.push({ id: `${format.id}:${key}:${step}`, email: email.data, type, at, properties: { crm: format.id, column } });

  const convertedCell = get('converted');
  const converted = convertedCell ? parseFlag(convertedCell.value) : null;
  if (convertedCell && converted === null) warn(convertedCell.column, `expected yes/no or true/false, found "${convertedCell.value}"; ignored`);
  const status = text('leadStatus');
  const convertedByStatus = status !== undefined && format.convertedStatuses.some((s) => headerKey(s) === headerKey(status));

  if (dates.opportunityDate) {
    funnelEvent('opportunity_created', 'opportunity', dates.opportunityDate, get('opportunityDate')!.column);
  } else if (dates.convertedDate && converted !== false) {
    // A converted Salesforce lead became a contact with an opportunity: the conversion date is the opportunity date.
    funnelEvent('opportunity_created', 'opportunity', dates.convertedDate, get('convertedDate')!.column);
  } else if (converted === true || convertedByStatus) {
    const column = converted === true ? convertedCell!.column : get('leadStatus')!.column;
    warn(column, 'converted, but no conversion date: no opportunity date recorded');
  }
  if (dates.customerDate) funnelEvent('closed_won', 'closed_won', dates.customerDate, get('customerDate')!.column);

  const stage = text('lifecycleStage');
  if (stage && !dates.customerDate && /customer/i.test(stage)) {
    warn(get('lifecycleStage')!.column, `"${stage}" without a customer date: no win recorded`);
  }

  // Whatever the ingest would refuse (a name longer than it keeps…) is refused here, naming the column.
  const valid = ZLead.safeParse(lead);
  if (!valid.success) {
    const issue = valid.error.issues[0]!;
    const field = leadFieldSource(issue.path.map(String).join('.'));
    const column = field ? (get(field)?.column ?? (field === 'companyDomain' ? get('website')?.column : undefined)) : undefined;
    throw new RowSkip(column ?? null, `${column ? '' : `${issue.path.join('.')}: `}${issue.message}`);
  }

  const row: TMappedRow = { line, lead, events };
  if (owner) row.owner = owner;
  if (dates.createDate) row.createdAt = dates.createDate;
  return row;
}

/** Reads a whole export: every data row mapped to a lead and its funnel events, or skipped with its line and column. */
export function mapCsv(input: string | Uint8Array | TParsedCsv, format: TCsvFormat, options: TMapOptions): TMappedCsv {
  const zone = options.timeZone ?? 'UTC';
  if (!IANAZone.isValidZone(zone)) throw new CsvFileError(`timezone: expected an IANA time zone such as Europe/Paris, found "${zone}"`);
  const parsed = typeof input === 'string' || input instanceof Uint8Array ? parseCsv(input) : input;
  const index = indexColumns(parsed.headers, format);
  if (!index.fields.has('email')) {
    const expected = (format.columns.email ?? []).map((h) => `"${h}"`).join(' or ');
    throw new CsvFileError(`this ${format.label} has no e-mail column (expected ${expected}); found: ${parsed.headers.join(', ')}`);
  }

  const dateValues: string[] = [];
  for (const row of parsed.rows) {
    for (const field of DATE_FIELDS) {
      const c = cell(index, row.cells, field);
      if (c) dateValues.push(c.value);
    }
  }
  const dayFirst = detectDayFirst(dateValues);

  const result: TMappedCsv = {
    rows: [],
    skipped: [],
    warnings: [],
    total: 0,
    columns: {
      used: Object.fromEntries([...index.fields].map(([field, found]) => [field, found.map((f) => f.header)])),
      ignored: index.ignored,
    },
    dayFirst,
  };
  const seen = new Map<string, number>();
  for (const { line, cells } of parsed.rows) {
    if (cells.every((c) => !c.trim())) continue;
    result.total += 1;
    const warnings: TRowIssue[] = [];
    try {
      const row = mapRow(cells, line, index, format, { zone, dayFirst, now: options.now }, (column, message) => warnings.push({ line, column, message }));
      const earlier = seen.get(row.lead.email);
      if (earlier !== undefined) {
        warnings.push({ line, column: index.fields.get('email')![0]!.header, message: `same e-mail as line ${earlier}: this row updates that lead` });
      }
      seen.set(row.lead.email, line);
      result.rows.push(row);
      result.warnings.push(...warnings);
    } catch (error) {
      if (!(error instanceof RowSkip)) throw error;
      result.skipped.push({ line, column: error.column, message: error.message });
    }
  }
  return result;
}

export function formatIssue(issue: TRowIssue): string {
  const where = issue.line > 0 ? `line ${issue.line}: ` : '';
  return `${where}${issue.column ? `${issue.column}: ` : ''}${issue.message}`;
}
