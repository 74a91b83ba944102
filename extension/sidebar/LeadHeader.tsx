import { displayLine } from '../../shared/display-text';
import { UserText } from '../components/UserText';
import type { TPacket } from '../lib/types';

// Who the lead is and where they stand: name, title and company, the stage and why, the
// owner, and a link to the CRM record when the page is not that record already.

/** `onRecord`: the page is the lead's CRM record already, so no link to it. */
export function LeadHeader({ packet, onRecord }: { packet: TPacket; onRecord: boolean }) {
  const { lead, evaluation } = packet;
  const name = displayLine([lead.firstName, lead.lastName].filter(Boolean).join(' ')) || lead.email;
  const details = [lead.title, lead.company?.name].map((text) => displayLine(text ?? '')).filter(Boolean).join(' · ');
  return (
    <section aria-label="Lead">
      <div className="hs-name">
        <UserText className="hs-clamp" text={name} hover />
      </div>
      <div className="hs-muted">
        <UserText className="hs-clamp" text={details} hover />
      </div>
      <div>
        <span className={`hs-badge ${evaluation.stage.stage}`}>{evaluation.stage.stage.toUpperCase()}</span>{' '}
        <span className="hs-muted">{displayLine(evaluation.stage.reason)}</span>
      </div>
      {packet.owner && (
        <div className="hs-muted hs-clamp" title={displayLine(packet.owner.name)}>
          Owner: <UserText text={packet.owner.name} />
        </div>
      )}
      {lead.recordUrl && !onRecord && (
        <a className="hs-open" href={lead.recordUrl} target="_blank" rel="noopener noreferrer">
          Open the record
        </a>
      )}
    </section>
  );
}
