import { z } from 'zod';
import { markdownText } from '../../shared/display-text';
import { formatDuration, formatRate } from '../../shared/format';
import type { Database } from '../db/client';
import { activeCharter } from './charter';
import {
  ACCEPTANCE_RATE_TARGET,
  ALL_REPS,
  assertManager,
  computeCompliance,
  computeReasons,
  computeRepStats,
  countSqls,
  parse,
  reviewCandidates,
  type TRange,
  type TRepFigures,
  type TReviewCandidate,
} from './stats';
import type { TUser } from './users';

// The weekly 30-minute sync of the seeds (marketing manager + sales manager + RevOps):
// this week's SQL count vs target, acceptance rate vs 70%, top rejection reasons, the reps,
// handshake speed, 2–3 SQLs to discuss, and the change from the week before. Only formatting:
// every number comes from the stats functions in ./stats.ts, for the whole organisation.

const DAY_MS = 24 * 60 * 60 * 1000;

export interface TWeeklyReportOptions {
  /** End of the week, exclusive: the week is [weekEnding − 7 days, weekEnding). */
  weekEnding: Date;
  /** SQLs the team aimed for this week; defaults to the active charter's `targets.sqlsPerWeek`. */
  sqlTarget?: number;
  /** Outcomes (decisions, touches, SLA due) as of this instant; defaults to the present. */
  now?: Date;
}

/** The most recent Monday 00:00 UTC at or before `at`: the end of the last complete ISO week. */
export function lastWeekEnding(at: Date): Date {
  const midnight = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const daysSinceMonday = (new Date(midnight).getUTCDay() + 6) % 7;
  return new Date(midnight - daysSinceMonday * DAY_MS);
}

const dash = '—';


function formatMs(ms: number | null): string {
  return ms === null ? dash : formatDuration(ms);
}

const signed = (n: number, text: string) => (n > 0 ? `+${text}` : n < 0 ? `-${text}` : text);

function countDelta(now: number, before: number): string {
  return signed(now - before, String(Math.abs(now - before)));
}

/** Change of a rate in percentage points, one decimal. */
function rateDelta(now: number | null, before: number | null): string {
  if (now === null || before === null) return dash;
  const points = Math.round((now - before) * 1000) / 10;
  return `${signed(points, Math.abs(points).toFixed(1))} pts`;
}

function durationDelta(now: number | null, before: number | null): string {
  if (now === null || before === null) return dash;
  const minutes = Math.round((now - before) / 60_000);
  return signed(minutes, formatDuration(Math.abs(minutes) * 60_000));
}

const instant = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
const day = (d: Date) => d.toISOString().slice(0, 10);

/** Cells are Markdown already: what people wrote goes through `markdownText`, which escapes pipes and folds lines. */
function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

function ofRate(count: number, of: number): string {
  return of === 0 ? dash : `${formatRate(count / of)} (${count} of ${of})`;
}

function candidateLine(c: TReviewCandidate): string {
  // Names, companies, sources and notes are what leads and reps wrote: literal text, one line.
  const who = [c.leadName, c.company].map((text) => markdownText(text ?? '')).filter(Boolean).join(', ');
  const source = markdownText(c.source ?? '');
  const lead = `${who ? `${who} ` : ''}<${c.email}>${source ? `, source ${source}` : ''}`;
  const started = `handed to ${markdownText(c.repName)} ${instant(c.startedAt)}`;
  const touch = c.firstTouchAt
    ? `first touch after ${formatDuration(Math.max(0, Date.parse(c.firstTouchAt) - Date.parse(c.startedAt)))}`
    : 'no touch';
  switch (c.why) {
    case 'rejected': {
      const note = markdownText(c.note ?? '');
      return `- **Rejected: ${c.reasonLabel ? markdownText(c.reasonLabel) : dash}**${note ? ` — "${note}"` : ''} — ${lead}; ${started}, ${touch}, rejected ${instant(c.decidedAt!)}.`;
    }
    case 'breached':
      return `- **Missed the SLA** — ${lead}; ${started}, deadline ${instant(c.deadline)}, ${c.firstTouchAt ? `${touch} (${instant(c.firstTouchAt)})` : 'no touch yet'}.`;
    case 'accepted':
      return `- **Accepted** — ${lead}; ${started}, ${touch}, accepted ${instant(c.decidedAt!)}.`;
  }
}

/** The weekly sync report, as Markdown. */
export async function weeklyReport(database: Database, options: TWeeklyReportOptions): Promise<string> {
  const now = options.now ?? new Date();
  const week: TRange = { from: new Date(options.weekEnding.getTime() - 7 * DAY_MS), to: options.weekEnding };
  const before: TRange = { from: new Date(week.from.getTime() - 7 * DAY_MS), to: week.from };

  const [reps, repsBefore, reasons, compliance, complianceBefore, sqls, sqlsBefore, review, charter] = await Promise.all([
    computeRepStats(database, ALL_REPS, week, now),
    computeRepStats(database, ALL_REPS, before, now),
    computeReasons(database, ALL_REPS, week),
    computeCompliance(database, ALL_REPS, week, now),
    computeCompliance(database, ALL_REPS, before, now),
    countSqls(database, week),
    countSqls(database, before),
    reviewCandidates(database, week, now),
    activeCharter(database),
  ]);
  const t: TRepFigures = reps.total;
  const p: TRepFigures = repsBefore.total;
  const fc = compliance.overall;
  const fcBefore = complianceBefore.overall;

  const target = options.sqlTarget ?? charter.targets.sqlsPerWeek ?? undefined;
  const sqlCell =
    target === undefined ? String(sqls) : `${sqls} of ${target} target (${target === 0 ? dash : formatRate(sqls / target)})`;
  const verdict =
    t.acceptanceRate === null ? '' : t.acceptanceRate >= ACCEPTANCE_RATE_TARGET ? ', on target' : ', below target';
  const lines: string[] = [
    `# Handshake weekly sync: ${day(week.from)} to ${day(new Date(week.to.getTime() - 1))}`,
    '',
    `Handovers started ${instant(week.from.toISOString())} – ${instant(week.to.toISOString())}, outcomes as of ${instant(now.toISOString())}; compared with the week before.`,
    '',
    '## Headlines',
    '',
    ...table(
      ['', 'This week', 'Week before', 'Change'],
      [
        ['SQLs', sqlCell, String(sqlsBefore), countDelta(sqls, sqlsBefore)],
        ['Handovers', String(t.handovers), String(p.handovers), countDelta(t.handovers, p.handovers)],
        [
          `Acceptance rate (target ${formatRate(ACCEPTANCE_RATE_TARGET)})`,
          `${ofRate(t.accepted, t.accepted + t.rejected)}${verdict}`,
          ofRate(p.accepted, p.accepted + p.rejected),
          rateDelta(t.acceptanceRate, p.acceptanceRate),
        ],
        ['SLA met', ofRate(t.slaMet, t.slaDue), ofRate(p.slaMet, p.slaDue), rateDelta(t.slaMetRate, p.slaMetRate)],
        [
          'Handshake speed, median (business time)',
          formatMs(t.firstTouchBusinessMs.median),
          formatMs(p.firstTouchBusinessMs.median),
          durationDelta(t.firstTouchBusinessMs.median, p.firstTouchBusinessMs.median),
        ],
        [
          'Handshake speed, p75 (business time)',
          formatMs(t.firstTouchBusinessMs.p75),
          formatMs(p.firstTouchBusinessMs.p75),
          durationDelta(t.firstTouchBusinessMs.p75, p.firstTouchBusinessMs.p75),
        ],
        [
          'Feedback compliance (rejections with a reason)',
          ofRate(fc.documentedRejections, fc.rejections),
          ofRate(fcBefore.documentedRejections, fcBefore.rejections),
          rateDelta(fc.feedbackCompliance, fcBefore.feedbackCompliance),
        ],
        [
          'Rejected without contact',
          String(t.rejectedWithoutContact),
          String(p.rejectedWithoutContact),
          countDelta(t.rejectedWithoutContact, p.rejectedWithoutContact),
        ],
      ],
    ),
    '',
    '## Top rejection reasons',
    '',
    ...(reasons.overall.length === 0
      ? ['No rejections this week.']
      : reasons.overall.slice(0, 5).map((r, i) => `${i + 1}. ${markdownText(r.label)}: ${r.count} (${formatRate(r.share)})`)),
    '',
    '## Per rep',
    '',
    ...table(
      ['Rep', 'Handovers', 'Accepted', 'Rejected', 'Undecided', 'Acceptance', 'SLA met', 'Median (business)', 'p75 (business)', 'Rejected without contact'],
      reps.reps.map((r) => [
        markdownText(r.name),
        String(r.handovers),
        String(r.accepted),
        String(r.rejected),
        String(r.undecided),
        formatRate(r.acceptanceRate),
        formatRate(r.slaMetRate),
        formatMs(r.firstTouchBusinessMs.median),
        formatMs(r.firstTouchBusinessMs.p75),
        String(r.rejectedWithoutContact),
      ]),
    ),
    '',
    '## SQLs to review',
    '',
    ...(review.length === 0 ? ['No handovers this week.'] : review.map(candidateLine)),
    '',
  ];
  return lines.join('\n');
}

export const ZWeeklyReportInput = z.object({
  /** The last day of the week (UTC), 'YYYY-MM-DD'. */
  weekEnding: z.iso.date({ message: 'expected a date as YYYY-MM-DD' }).optional(),
  sqlTarget: z.number().int().positive().optional(),
});
export type TWeeklyReportInput = z.input<typeof ZWeeklyReportInput>;

/** The end (exclusive) of the week whose last day is `lastDay`: midnight UTC after it. */
export function weekEndingAfter(lastDay: string): Date {
  return new Date(Date.parse(`${lastDay}T00:00:00Z`) + DAY_MS);
}

/**
 * stats.weeklyReport, for a manager or an admin: the Markdown the command line prints, for the
 * week ending on `weekEnding` or, as there, the seven days before now; `weekEnding` in the reply
 * is the last day the report covers.
 */
export async function weeklyReportFor(database: Database, caller: TUser, input: TWeeklyReportInput | undefined, now: Date): Promise<{ weekEnding: string; markdown: string }> {
  assertManager(caller);
  const { weekEnding, sqlTarget } = parse(ZWeeklyReportInput, input);
  const end = weekEnding ? weekEndingAfter(weekEnding) : now;
  const markdown = await weeklyReport(database, { weekEnding: end, sqlTarget, now });
  return { weekEnding: weekEnding ?? day(new Date(end.getTime() - 1)), markdown };
}
