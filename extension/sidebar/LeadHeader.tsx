import { displayLine } from '../../shared/display-text';
import { UserText } from '../components/UserText';
import type { TPacket } from '../lib/types';
import { formatDate } from '../ui/format';

// Who the lead is and where they stand: name, title and company; the funnel position as
// recorded, with its date, first; today's signals against the thresholds below it, labelled
// as today's (a customer whose engagement decayed stays a customer); the owner; a link to the
// CRM record when the page is not that record already.

/** `onRecord`: the page is the lead's CRM record already, so no link to it. */
export function LeadHeader({ packet, onRecord }: { packet: TPacket; onRecord: boolean }) {
  const { lead, funnel, evaluation } = packet;
  const name = displayLine([lead.firstName, lead.lastName].filter(Boolean).join(' ')) || lead.email;
  const details = [lead.title, lead.company?.name].map((text) => displayLine(text ?? '')).filter(Boolean).join(' · ');
  return (
    <section aria-label="Lead" className="hs-lead">
      <div className="hs-name">
        <UserText className="hs-clamp" text={name} hover />
      </div>
      {details && (
        <div className="hs-muted">
          <UserText className="hs-clamp" text={details} hover />
        </div>
      )}
      <div className="hs-stage">
        <span className={`hs-badge ${funnel.position}`}>{funnel.label}</span>
        {funnel.since && <span className="hs-muted">since {formatDate(funnel.since)}</span>}
        {packet.owner && (
          <span className="hs-muted hs-owner" title={displayLine(packet.owner.name)}>
            Owner: <UserText text={packet.owner.name} />
          </span>
        )}
      </div>
      <div className="hs-today" title={displayLine(evaluation.stage.reason)}>
        {displayLine(funnel.todaysSignals.text)}
      </div>
      {lead.recordUrl && !onRecord && (
        <a className="hs-open" href={lead.recordUrl} target="_blank" rel="noopener noreferrer">
          Open the record
        </a>
      )}
    </section>
  );
}
