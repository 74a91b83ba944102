import { displayLine } from '../../shared/display-text';
import type { TPacket } from '../lib/types';

/** The decision taken on the handover: accepted, or rejected with the charter's reason; by whom, for whom. */
export function DecisionLine({ decision, reasons }: { decision: NonNullable<TPacket['decision']>; reasons: TPacket['rejectionReasons'] }) {
  return (
    <section aria-label="Decision">
      <h3>Decision</h3>
      <p>
        {decision.kind === 'accepted' ? 'Accepted' : `Rejected: ${displayLine(reasons.find((r) => r.id === decision.reasonId)?.label ?? decision.reasonId ?? '')}`}{' '}
        by {displayLine(decision.decidedBy.name)}
        {decision.onBehalfOf ? ` for ${displayLine(decision.onBehalfOf.name)}` : ''}
      </p>
    </section>
  );
}
