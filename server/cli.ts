import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { classifyTitle } from '../shared/authority';
import { DEFAULT_CHARTER, ZCharter, type TCharter } from '../shared/charter';
import { CRITERIA } from '../shared/levels';
import { ZEvent, ZLead } from '../shared/schemas';
import { evaluateLead, type TEvaluation } from '../shared/scoring/evaluate';
import { slaTierFor } from '../shared/sla';
import { generateTalkingPoints, type TTalkingPoint } from '../shared/talking-points';
import { loadConfig, sharedDatabaseUrl } from './config';
import { defaultKeyFile, loadSecretKey, type TSecretKey } from './connectors/secrets';
import { StartupError } from './startup-error';
import { migrateDatabase, openDatabase, type Database } from './db/client';
import { SYSTEM, type TActor } from './domain/audit';
import { ensureDefaultCharter } from './domain/charter';
import { addIngestKey, addUser, issueToken, listIngestKeys, listUsers, revokeIngestKey, revokeTokens, updateUser, type TNewUser } from './domain/users';
import { ALERT_KINDS, DESKTOP_ALERT_KINDS } from '../shared/alert-kinds';
import { alertChoicesOf, parseAlertKinds, setAlertChoices } from './alerts/preferences';
import { setTeamChannel } from './alerts/team-channels';
import { parseHolidayRegion, routingSettings, userChanges } from './cli-user-options';
import { UsageError } from './cli-usage-error';
import { formatKeys, formatUsers } from './cli-tables';
import { AppError } from './errors';

const USAGE = `Usage: npm run cli -- <command> [options]

Team and keys (on the database of HANDSHAKE_DB_URL, default file:./data/handshake.db):
  user add --email E --name N --role rep|manager|admin [--team sales|marketing|revops]
           [--timezone Area/City] [--holidays CC[-REGION]] [--backup EMAIL] [--manager EMAIL]
           [--out-of-office FROM..TO,…] [--capacity N] [--weight N] [--territories CC,CC]
                                       add a user; prints their token as the last line
  user list                            every user: role, team, calendar, manager, backup, and
                                       what routing reads (out of office ahead, capacity,
                                       weight, territories)
  user set --email E [--timezone Area/City] [--working-days Mon-Fri] [--working-hours 09:00-17:00]
           [--holidays CC[-REGION]|none] [--manager EMAIL|none] [--backup EMAIL|none] [--active yes|no]
           [--out-of-office YYYY-MM-DD..YYYY-MM-DD[,…]|none] [--capacity N|none] [--weight N]
           [--territories CC,CC|none]
                                       change a user's calendar (--holidays: the public holidays
                                       of a country or region, such as US, DE-BY, GB-SCT), manager,
                                       backup, or whether they take new handovers (open ones keep
                                       their deadlines); for routing: --out-of-office the days
                                       away, local dates in their zone, both included (a single
                                       date is one day; replaces the list kept, none clears it),
                                       --capacity the most open handovers routing gives them
                                       (1–10000; none: no limit), --weight their share of a
                                       pool's rotation (1–100, default 1), --territories the
                                       countries they cover (ISO codes; none clears them)
  user alerts --email E [--by-email all|none|sla_warning,sla_breach,reassigned,nudge,weekly_report]
           [--desktop all|none|sla_warning,sla_breach,reassigned,nudge] [--team-channel WEBHOOK_URL|-|none]
                                       which alerts a user gets by e-mail and as desktop
                                       notifications (README: "Alerts by e-mail and Slack");
                                       without --by-email or --desktop, says which;
                                       --team-channel: a manager's team's own chat webhook
  token issue --email E                a new token for a user (last line)
  token revoke --email E               revoke every token of a user
  key add --name N                     an ingest key for a lead/event source (last line)
  key revoke --name N                  revoke an ingest key
  key list                             every ingest key: name, created, last used, revoked

CRM connectors (README: "CRM connectors"; a secret given as - is read from standard input):
  connect hubspot --token TOKEN [--api-url URL] [--webhook-secret APP_CLIENT_SECRET]
  connect salesforce --instance-url URL (--token ACCESS_TOKEN | --client-id ID --username U
           --private-key FILE [--login-url URL]) [--mql-date-field F] [--sql-date-field F]
  connect pipedrive --domain D --token TOKEN [--api-url URL]
                                       check the credentials, prepare write-back, store them sealed
  connect status                       per CRM: last pull and cursor, last push, writes waiting,
                                       failures, API calls used
  connect disconnect NAME              forget a CRM's credentials, cursor and outbox
  sync NAME [--retry-failed]           one pass now (pull, then push) and what it did

Data:
  import --format hubspot|salesforce FILE.csv [--timezone Area/City]
                                       import a CRM export, with its lifecycle history
  report weekly [--week-ending YYYY-MM-DD] [--sql-target N]
                                       the weekly sync report, as Markdown (SQL target by
                                       default the charter's targets.sqlsPerWeek)
  rescore                              re-score every lead under the active charter, with its
                                       progress; resumes an unfinished re-score (a charter's
                                       activation starts one in the server)

Scoring, offline:
  charter [--file CHARTER.json]        print the charter (the default one unless --file), validated
  title "<job title>"                  how a job title is read for authority
  score LEAD.json [--at ISO] [--charter CHARTER.json] [--json]
                                       score a lead: {"lead": {...}, "events": [...]}`;

const ZScoreInput = z.object({ lead: ZLead, events: z.array(ZEvent).default([]) });

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new UsageError(`${what} is invalid:\n${z.prettifyError(result.error)}`);
  return result.data;
}

async function loadCharter(path: string | undefined): Promise<TCharter> {
  return path ? parseWith(ZCharter, await readJson(path), path) : DEFAULT_CHARTER;
}

function printEvaluation(evaluation: TEvaluation, talkingPoints: TTalkingPoint[]): void {
  const { stage } = evaluation;
  console.log(`Stage: ${stage.stage.toUpperCase()}${stage.path ? ` (${stage.path})` : ''} — ${stage.reason}`);
  console.log(`Charter v${evaluation.charterVersion}, evaluated at ${evaluation.at}\n`);
  for (const criterion of CRITERIA) {
    const score = evaluation.criteria[criterion];
    const mark = (met: boolean) => (met ? 'met' : 'not met');
    console.log(`${criterion.toUpperCase()}  ${score.level}  ${score.points} pts`);
    console.log(`  MQL needs ${score.thresholds.mql} (${mark(score.meetsMql)}) · SQL needs ${score.thresholds.sql} (${mark(score.meetsSql)})`);
    console.log(`  ${score.summary}`);
    for (const signal of score.signals) {
      console.log(`    ${signal.points >= 0 ? '+' : ''}${signal.points}  ${signal.label}${signal.at ? `  [${signal.at}]` : ''}`);
    }
  }
  if (stage.missingForNext.length > 0) {
    console.log(`\nFor the next stage: ${stage.missingForNext.map((c) => `${c.criterion} ${c.actual} → ${c.required}`).join(', ')}`);
  }
  console.log('\nTalking points:');
  for (const point of talkingPoints) {
    console.log(`  • ${point.text}${point.question ? `\n    Ask: ${point.question}` : ''}`);
  }
}

const OPTIONS = {
  at: { type: 'string' },
  charter: { type: 'string' },
  file: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  email: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string' },
  team: { type: 'string' },
  timezone: { type: 'string' },
  'working-days': { type: 'string' },
  'working-hours': { type: 'string' },
  holidays: { type: 'string' },
  active: { type: 'string' },
  backup: { type: 'string' },
  manager: { type: 'string' },
  'out-of-office': { type: 'string' },
  capacity: { type: 'string' },
  weight: { type: 'string' },
  territories: { type: 'string' },
  format: { type: 'string' },
  'week-ending': { type: 'string' },
  'sql-target': { type: 'string' },
  progress: { type: 'boolean', default: true },
  token: { type: 'string' },
  'api-url': { type: 'string' },
  'instance-url': { type: 'string' },
  'login-url': { type: 'string' },
  'client-id': { type: 'string' },
  username: { type: 'string' },
  'private-key': { type: 'string' },
  domain: { type: 'string' },
  'mql-date-field': { type: 'string' },
  'sql-date-field': { type: 'string' },
  'retry-failed': { type: 'boolean', default: false },
  'webhook-secret': { type: 'string' },
  'by-email': { type: 'string' },
  'team-channel': { type: 'string' },
  desktop: { type: 'string' },
} as const;

type TValues = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function required(values: TValues, name: 'email' | 'name' | 'role' | 'format'): string {
  const value = values[name];
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}

/** The key secrets are sealed with, as the server finds it (created on first use, beside the database). */
function secretKeyOf(create: boolean): TSecretKey {
  const config = loadConfig();
  return loadSecretKey({ envKey: config.HANDSHAKE_SECRET_KEY, keyFile: config.HANDSHAKE_SECRET_KEY_FILE ?? defaultKeyFile(config.HANDSHAKE_DB_URL), create });
}

/** Opens the server's database (migrated) for the commands that work on it. */
async function withDatabase<T>(run: (database: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase(sharedDatabaseUrl(config), { authToken: config.HANDSHAKE_DB_AUTH_TOKEN });
  try {
    await migrateDatabase(database);
    await ensureDefaultCharter(database);
    return await run(database);
  } finally {
    database.close();
  }
}

const CLI_ACTOR: TActor = SYSTEM;

async function teamCommand(command: string, sub: string | undefined, values: TValues): Promise<void> {
  await withDatabase(async (database) => {
    const action = `${command} ${sub ?? ''}`.trim();
    if (action === 'user add') {
      const { user, token } = await addUser(
        database,
        {
          email: required(values, 'email'),
          name: required(values, 'name'),
          role: required(values, 'role') as TNewUser['role'],
          team: values.team as TNewUser['team'],
          timeZone: values.timezone,
          holidayRegion: values.holidays === undefined ? undefined : (parseHolidayRegion(values.holidays) ?? undefined),
          backupEmail: values.backup,
          managerEmail: values.manager,
          ...routingSettings(values),
        },
        CLI_ACTOR,
      );
      console.log(`Added ${user.role} ${user.name} <${user.email}> (${user.timeZone}). Their token, shown once:`);
      console.log(token);
    } else if (action === 'user set') {
      const user = await updateUser(database, required(values, 'email'), userChanges(values), CLI_ACTOR);
      console.log(formatUsers(await listUsers(database, user.email)));
    } else if (action === 'user alerts') {
      const email = required(values, 'email');
      await setAlertChoices(
        database,
        email,
        {
          ...(values['by-email'] !== undefined ? { email: parseAlertKinds(values['by-email'], '--by-email', ALERT_KINDS) } : {}),
          ...(values.desktop !== undefined ? { desktop: parseAlertKinds(values.desktop, '--desktop', DESKTOP_ALERT_KINDS) } : {}),
        },
        CLI_ACTOR,
        new Date(),
      );
      const channel = values['team-channel'];
      if (channel !== undefined) {
        // The webhook's address is its secret: given as -, it is read from standard input.
        const webhook = channel.trim() === 'none' ? null : channel.trim() === '-' ? readFileSync(0, 'utf8').trim() : channel.trim();
        await setTeamChannel(database, secretKeyOf(true), email, webhook, CLI_ACTOR, new Date());
        console.log(webhook === null ? `${email}'s team posts to the organisation's channel, if one is set.` : `${email}'s team posts its alerts to its own channel (kept sealed).`);
      }
      const { name, choices } = await alertChoicesOf(database, email);
      const list = (kinds: readonly string[]) => (kinds.length > 0 ? kinds.join(', ') : 'nothing');
      console.log(`${name} <${email}> gets by e-mail: ${list(choices.email)}.`);
      console.log(`${name} <${email}> gets on the desktop: ${list(choices.desktop)}.`);
    } else if (action === 'user list') {
      console.log(formatUsers(await listUsers(database)));
    } else if (action === 'token issue') {
      console.log(await issueToken(database, required(values, 'email'), CLI_ACTOR));
    } else if (action === 'token revoke') {
      console.log(`Revoked ${await revokeTokens(database, required(values, 'email'), CLI_ACTOR)} token(s).`);
    } else if (action === 'key add') {
      const key = await addIngestKey(database, required(values, 'name'), CLI_ACTOR);
      console.log(`Ingest key "${values.name?.trim()}", shown once (Authorization: Bearer <key>):`);
      console.log(key);
    } else if (action === 'key list') {
      console.log(formatKeys(await listIngestKeys(database)));
    } else if (action === 'key revoke') {
      await revokeIngestKey(database, required(values, 'name'), CLI_ACTOR);
      console.log(`Revoked the ingest key "${values.name}".`);
    } else {
      throw new UsageError(`unknown command "${action}"\n\n${USAGE}`);
    }
  });
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }

  switch (command) {
    case 'user':
    case 'token':
    case 'key':
      return teamCommand(command, rest[0], values);
    case 'connect':
    case 'sync': {
      const { connectCommand } = await import('./cli-connect');
      return connectCommand(command, rest, values, withDatabase);
    }
    case 'import': {
      const [file] = rest;
      const format = required(values, 'format');
      if (!file) throw new UsageError('import: give the CSV file, e.g. npm run cli -- import --format hubspot contacts.csv');
      if (format !== 'hubspot' && format !== 'salesforce') throw new UsageError('--format: expected hubspot or salesforce');
      const { formatSummary, runImport } = await import('./import/run');
      await withDatabase(async (database) => {
        const summary = await runImport({ database, file, format, timezone: values.timezone, now: new Date(), progress: values.progress });
        console.log(formatSummary(summary));
      });
      return;
    }
    case 'report': {
      if (rest[0] !== 'weekly') throw new UsageError('report: the only report is "weekly"');
      const { weekEndingAfter, weeklyReport } = await import('./domain/report');
      // The week ends at the end of the given day: midnight UTC after it (the range is exclusive).
      const weekEnding = values['week-ending'] ? weekEndingAfter(values['week-ending']) : new Date();
      if (Number.isNaN(weekEnding.getTime())) throw new UsageError('--week-ending: expected a date as YYYY-MM-DD');
      const sqlTarget = values['sql-target'] ? Number(values['sql-target']) : undefined;
      if (sqlTarget !== undefined && !(Number.isInteger(sqlTarget) && sqlTarget >= 0)) throw new UsageError('--sql-target: expected a whole number');
      await withDatabase(async (database) => console.log(await weeklyReport(database, { weekEnding, sqlTarget })));
      return;
    }
    case 'rescore': {
      const { rescoreCommand } = await import('./domain/rescore-job-command');
      await withDatabase((database) => rescoreCommand(database, (line) => console.log(line)));
      return;
    }
    case 'charter': {
      console.log(JSON.stringify(await loadCharter(values.file), null, 2));
      return;
    }
    case 'title': {
      const title = rest.join(' ');
      if (!title) throw new UsageError('title: give a job title, e.g. npm run cli -- title "VP Sales"');
      const result = classifyTitle(title, DEFAULT_CHARTER.authority.overrides);
      console.log(values.json ? JSON.stringify(result, null, 2) : `${result.level} (${result.rule}): ${result.explanation}`);
      return;
    }
    case 'score': {
      const [file] = rest;
      if (!file) throw new UsageError('score: give a JSON file with {"lead": {...}, "events": [...]}');
      const charter = await loadCharter(values.charter);
      const input = parseWith(ZScoreInput, await readJson(file), file);
      const at = values.at ? new Date(values.at) : new Date();
      if (Number.isNaN(at.getTime())) throw new UsageError(`--at: expected an ISO-8601 date-time, got "${values.at}"`);
      const evaluation = evaluateLead({ lead: input.lead, events: input.events, charter, at });
      const talkingPoints = generateTalkingPoints({ lead: input.lead, events: input.events, evaluation, charter, at });
      const sla = slaTierFor(evaluation.criteria.intent.level, charter.sla);
      if (values.json) {
        console.log(JSON.stringify({ evaluation, talkingPoints, slaTier: sla }, null, 2));
      } else {
        printEvaluation(evaluation, talkingPoints);
        console.log(`\nSLA tier at handover: ${sla.tier} intent → first touch within ${sla.businessHours} business hours.`);
      }
      return;
    }
    default:
      throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`error: ${(error as Error).message}`);
    process.exit(2);
  }
  if (error instanceof AppError || error instanceof StartupError) {
    console.error(`error: ${error.message}`);
    process.exit(1);
  }
  console.error(error);
  process.exit(1);
});
