import { displayLine } from '../../shared/display-text';
import { UserText } from '../components/UserText';
import type { TPacket } from '../lib/types';
import { formatDateTime } from '../ui/format';
import { LABEL_MAX } from './limits';

/**
 * The decision taken on the handover: accepted, or rejected with the charter's reason; by
 * whom, for whom, when, and the note. `untouched`: no touch logged yet, so after an accept
 * the SLA clock still runs, and the rep is told why.
 */
export function DecisionLine({ decision, reasons, untouched = false }: { decision: NonNullable<TPacket['decision']>; reasons: TPacket['rejectionReasons']; untouched?: boolean }) {
  return (
    <section aria-label="Decision">
      <h3>Decision</h3>
      <p>
        {decision.kind === 'accepted' ? 'Accepted' : `Rejected: ${displayLine(reasons.find((r) => r.id === decision.reasonId)?.label ?? decision.reasonId ?? '')}`}{' '}
        by {displayLine(decision.decidedBy.name)}
        {decision.onBehalfOf ? ` for ${displayLine(decision.onBehalfOf.name)}` : ''}
        <span className="hs-muted">, {formatDateTime(decision.decidedAt)}</span>
      </p>
      {decision.note && (
        <p className="hs-muted">
          Note: <UserText text={decision.note} max={LABEL_MAX} />
        </p>
      )}
      {decision.kind === 'accepted' && untouched && <p className="hs-muted">The SLA clock runs until the first touch: log it when you reach them.</p>}
    </section>
  );
}
