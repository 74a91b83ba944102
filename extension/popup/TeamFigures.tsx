import type { TRepStats } from '../lib/types';
import { formatBusinessDuration, formatRate } from '../ui/format';
import { ACCEPTANCE_TARGET } from '../ui/team';

/** The team's totals over the range: handovers, acceptance against the target, SLA met, time to first touch. */
export function TeamFigures({ stats }: { stats: TRepStats }) {
  const { total } = stats;
  const below = total.acceptanceRate !== null && total.acceptanceRate < ACCEPTANCE_TARGET;
  return (
    <dl className="figures">
      <div>
        <dt>Handovers</dt>
        <dd>{total.handovers}</dd>
        <dd className="small muted">{total.undecided} undecided</dd>
      </div>
      <div className={below ? 'below' : undefined}>
        <dt>Acceptance</dt>
        <dd>{formatRate(total.acceptanceRate)}</dd>
        <dd className="small muted">target 70%</dd>
      </div>
      <div>
        <dt>SLA met</dt>
        <dd>{formatRate(total.slaMetRate)}</dd>
        <dd className="small muted">
          {total.slaMet} of {total.slaDue} due
        </dd>
      </div>
      <div>
        <dt>First touch</dt>
        <dd>{formatBusinessDuration(total.firstTouchBusinessMs.median)}</dd>
        <dd className="small muted">median, business time</dd>
      </div>
    </dl>
  );
}
