import { displayLine } from '../../shared/display-text';
import type { TRoutingShares, TRoutingSharesPool } from '../lib/types';
import { csvRate, type TCsvCell } from '../ui/csv';
import { formatRate } from '../ui/format';

// Each routing pool's rotation as the dashboard shows it: per rep the leads dealt, their share
// of the pool against the share their weight asks for, and the gap in percentage points. Pure.

export type TShareRep = TRoutingSharesPool['reps'][number];

export const SHARE_COLUMNS = ['Rep', 'Weight', 'Leads dealt', 'Share', 'Weight’s share', 'Difference'] as const;

/** "Rule “EMEA enterprise”", "Rule “Territory”, US" (a territory pool's country), "Fallback pool"; a rule the charter in force no longer has says so. */
export function poolTitle(pool: Pick<TRoutingSharesPool, 'rule' | 'inCharter' | 'territory'>): string {
  if (pool.rule === null) return 'Fallback pool';
  const name = `Rule “${displayLine(pool.rule)}”${pool.territory ? `, ${pool.territory}` : ''}`;
  return pool.inCharter ? name : `${name} (no longer in the charter)`;
}

/** The share minus the weight's share, as a fraction; null when either is missing. */
export function shareDifference(rep: Pick<TShareRep, 'share' | 'weightShare'>): number | null {
  return rep.share === null || rep.weightShare === null ? null : rep.share - rep.weightShare;
}

/** A difference in percentage points, to one decimal, with its sign: "+5 pts", "−3.3 pts", "0 pts"; a dash when there is none. */
export function formatPoints(difference: number | null): string {
  if (difference === null) return '—';
  const points = Number((difference * 100).toFixed(1));
  if (points > 0) return `+${points} pts`;
  if (points < 0) return `−${-points} pts`;
  return '0 pts';
}

/** A rep's row, cell by cell, as the table reads it. */
export function shareCells(rep: TShareRep): string[] {
  return [displayLine(rep.name), String(rep.weight), String(rep.dealt), formatRate(rep.share), formatRate(rep.weightShare), formatPoints(shareDifference(rep))];
}

/** "Ben Ode: 75% of the leads, 75% by weight; Ana Ruiz: …" — a pool's chart in words. */
export function poolInWords(pool: TRoutingSharesPool): string {
  return pool.reps.map((rep) => `${displayLine(rep.name)}: ${formatRate(rep.share)} of the leads, ${formatRate(rep.weightShare)} by weight`).join('; ');
}

/** "4 leads dealt since the pool began", "1 lead dealt …". */
export function dealtSentence(pool: Pick<TRoutingSharesPool, 'dealt'>): string {
  return `${pool.dealt} ${pool.dealt === 1 ? 'lead' : 'leads'} dealt since the pool began`;
}

export const SHARES_CSV_HEADER = ['Pool', 'Rule', 'In the charter', 'Rep', 'Weight', 'Leads dealt', 'Share', 'Weight’s share', 'Difference'] as const;

/** Every pool's reps, one row each (the pool a rule's or the fallback, so no rule's name passes for the fallback): rates and the difference as fractions a spreadsheet computes with. */
export function sharesCsvRows(shares: TRoutingShares): TCsvCell[][] {
  return shares.pools.flatMap((pool) =>
    pool.reps.map((rep) => [pool.rule === null ? 'fallback' : 'rule', pool.territory ? `${pool.rule ?? ''} (${pool.territory})` : pool.rule, pool.inCharter ? 'yes' : 'no', rep.name, rep.weight, rep.dealt, csvRate(rep.share), csvRate(rep.weightShare), csvRate(shareDifference(rep))]),
  );
}
