import { classifyTitle } from '../authority';
import type { TCharter } from '../charter';
import { meets } from '../levels';
import type { TLead } from '../schemas';
import type { TAuthorityScore } from './criterion';

const LEVEL_NAMES = {
  decision_maker: 'Decision-maker',
  influencer: 'Influencer',
  end_user: 'End-user',
  researcher: 'Researcher',
  unknown: 'Unknown',
} as const;

/** Authority: the lead's role in the buying decision, read from the job title. */
export function scoreAuthority(lead: TLead, charter: TCharter): TAuthorityScore {
  const classification = classifyTitle(lead.title, charter.authority.overrides);
  const { level } = classification;
  const points = charter.authority.points[level] ?? 0;
  const thresholds = { mql: charter.thresholds.mql.authority, sql: charter.thresholds.sql.authority };
  return {
    criterion: 'authority',
    level,
    points,
    summary: `${LEVEL_NAMES[level]}: ${classification.explanation}`,
    signals: [
      {
        rule: `authority.${classification.rule}`,
        label: classification.explanation,
        points,
        eventId: null,
        at: null,
      },
    ],
    thresholds,
    meetsMql: meets('authority', level, thresholds.mql),
    meetsSql: meets('authority', level, thresholds.sql),
  };
}
