import type { TPacket } from '../lib/types';
import { Actions } from './Actions';
import { Criteria } from './Criteria';
import { DecisionLine } from './DecisionLine';
import { LeadHeader } from './LeadHeader';
import { SlaLine } from './SlaLine';
import { TalkingPoints } from './TalkingPoints';
import { Timeline } from './Timeline';
import { Touches } from './Touches';

// The handover packet beside the CRM record, in the order a rep reads it. Everything from
// the lead is rendered as text, without bidirectional overrides (UserText, displayLine),
// and long words wrap (style.css).

/** `fetchedAt`: when the packet came (the SLA countdown runs from there); `onRecord`: the page is the lead's CRM record. */
export function Packet({ packet, fetchedAt, onRecord }: { packet: TPacket; fetchedAt: number; onRecord: boolean }) {
  return (
    <>
      <LeadHeader packet={packet} onRecord={onRecord} />
      {packet.handover && (
        <section aria-label="SLA">
          <h3>First-contact SLA</h3>
          <SlaLine sla={packet.handover.sla} fetchedAt={fetchedAt} />
          {packet.responseTime && <p className="hs-muted">{packet.responseTime.text}</p>}
        </section>
      )}
      {packet.decision && <DecisionLine decision={packet.decision} reasons={packet.rejectionReasons} untouched={packet.touches.length === 0} />}
      <Actions packet={packet} />
      <section aria-label="Criteria">
        <h3>Fit · Engagement · Intent · Authority</h3>
        <Criteria packet={packet} />
      </section>
      <TalkingPoints points={packet.talkingPoints} />
      <Touches touches={packet.touches} />
      <Timeline timeline={packet.timeline} />
    </>
  );
}
