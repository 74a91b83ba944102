import type { TPacket } from '../lib/types';
import { Actions } from './Actions';
import { Criteria } from './Criteria';
import { DecisionLine } from './DecisionLine';
import { LeadHeader } from './LeadHeader';
import { RoutingLine } from './RoutingLine';
import { SlaLine } from './SlaLine';
import { TalkingPoints } from './TalkingPoints';
import { Timeline } from './Timeline';
import { Touches } from './Touches';

// The handover packet beside the CRM record, in the order a rep reads it, laid out so that
// on a laptop the first screen holds who and what stage, the SLA, the four criteria and the
// actions; talking points, touches and the timeline follow. Everything from the lead is
// rendered as text, without bidirectional overrides (UserText, displayLine), and long words
// wrap (style.css).

/** `fetchedAt`: when the packet came (a running SLA figure runs from there); `onRecord`: the page is the lead's CRM record. */
export function Packet({ packet, fetchedAt, onRecord }: { packet: TPacket; fetchedAt: number; onRecord: boolean }) {
  return (
    <>
      <LeadHeader packet={packet} onRecord={onRecord} />
      {packet.handover && (
        <section aria-label="SLA">
          <SlaLine sla={packet.handover.sla} fetchedAt={fetchedAt} ownersClockRuns={packet.responseTime !== null && !packet.responseTime.outsideWorkingHours} />
          {packet.responseTime && <p className="hs-call-now">{packet.responseTime.text}</p>}
          {packet.handover.singleAttempt && (
            <p className="hs-single-attempt">One outreach attempt: RevOps sent this marginal lead from the review queue. Accept it if the call shows it qualifies, reject it with a reason if not.</p>
          )}
        </section>
      )}
      {packet.handover?.routing && <RoutingLine routing={packet.handover.routing} ownerName={packet.owner?.name ?? null} />}
      {packet.decision && <DecisionLine decision={packet.decision} reasons={packet.rejectionReasons} untouched={packet.touches.length === 0} />}
      <section aria-label="Criteria">
        <Criteria packet={packet} />
      </section>
      <Actions packet={packet} />
      <TalkingPoints points={packet.talkingPoints} />
      <Touches touches={packet.touches} />
      <Timeline timeline={packet.timeline} />
    </>
  );
}
