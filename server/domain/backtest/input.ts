import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { ZCharter, type TCharter } from '../../../shared/charter';
import type { Database } from '../../db/client';
import { charterVersions } from '../../db/schema';
import { invalid, invalidAll, notFound, problemsOf } from '../../errors';
import { parse, resolveRange, ZInstant, type TRange } from '../stats/common';

// What charter.backtest takes: the charter to try, as a draft (a whole charter, the body
// charter.propose takes) or as a stored version (a proposal awaiting sign-off, or an older
// one), and a half-open range [from, to), by default the 90 days before now: a quarter, the
// charter's review period.

export const BACKTEST_DEFAULT_DAYS = 90;

export const ZBacktestInput = z.object({
  /** A draft charter; its `version`, if any, is ignored. */
  charter: z.record(z.string(), z.unknown()).optional(),
  /** A stored charter version. Exactly one of `charter` and `version`. */
  version: z.number().int().positive().optional(),
  from: ZInstant.optional(),
  to: ZInstant.optional(),
});
export type TBacktestInput = z.input<typeof ZBacktestInput>;

export interface TProposal {
  charter: TCharter;
  /** The stored version tried; null for a draft. */
  version: number | null;
}

/** Scoring never reads a charter's version: a draft is validated under this one, and reported as version null. */
const DRAFT_VERSION = 1;

function draftCharter(body: Record<string, unknown>): TCharter {
  const parsed = ZCharter.safeParse({ ...body, version: DRAFT_VERSION });
  if (parsed.success) return parsed.data;
  throw invalidAll(problemsOf(parsed.error.issues, 'charter'));
}

async function storedCharter(database: Database, version: number): Promise<TCharter> {
  const row = await database.db.query.charterVersions.findFirst({ where: eq(charterVersions.version, version), columns: { body: true } });
  if (!row) throw notFound(`no charter version ${version}`);
  return ZCharter.parse(row.body);
}

/** The input checked: the charter to try and the range; a refusal names the field at fault. */
export async function resolveBacktestInput(database: Database, input: TBacktestInput | undefined, now: Date): Promise<{ proposal: TProposal; range: TRange }> {
  const { charter, version, from, to } = parse(ZBacktestInput, input);
  if ((charter === undefined) === (version === undefined)) {
    throw invalid('charter', 'expected exactly one of a draft charter (charter) and a stored version (version)');
  }
  const range = resolveRange({ from, to }, now, BACKTEST_DEFAULT_DAYS);
  const proposal = charter ? { charter: draftCharter(charter), version: null } : { charter: await storedCharter(database, version!), version: version! };
  return { proposal, range };
}
