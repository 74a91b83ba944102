import { useState } from 'react';
import { ErrorText } from '../components/ErrorText';
import { MessageError, request } from '../lib/messaging';
import { describeError } from '../ui/errors';
import type { TLeadRef } from '../lib/types';
import { LeadSearch } from './LeadSearch';
import { OtherAddresses } from './OtherAddresses';
import { Packet } from './Packet';
import { isUnknownLead, usePacket } from './use-packet';

/** The packet for the lead the page names, or one the rep looks up; keyed by that lead, so a new page starts afresh. */
export function LeadPanel({ leadRef }: { leadRef: TLeadRef | null }) {
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<TLeadRef | null>(null);
  const ref = chosen ?? leadRef;
  const packet = usePacket(ref);
  const unknown = isUnknownLead(packet.error) ? packet.error : null;
  const notSignedIn = packet.error instanceof MessageError && packet.error.error.code === 'NOT_SIGNED_IN';
  const others = [leadRef?.email, ...(leadRef?.alternatives ?? [])].filter((email): email is string => !!email && email !== ref?.email);

  return (
    <>
      {!ref && <p>No lead on this page.</p>}
      {packet.isLoading && <p role="status">Loading the handover packet…</p>}
      {/* Someone Handshake does not know: said plainly, not as a failure; the search follows. */}
      {unknown && <p role="status" className="hs-muted">{describeError(unknown.error)}</p>}
      {packet.error && !unknown && <ErrorText error={packet.error} className="hs-error" />}
      {notSignedIn && (
        <button type="button" className="hs-find" onClick={() => void request('openOptions')}>
          Open the options to connect
        </button>
      )}
      {packet.data && <Packet packet={packet.data.packet} fetchedAt={packet.data.fetchedAt} onRecord={ref === leadRef && Boolean(leadRef?.recordId)} />}
      {leadRef?.alternatives && others.length > 0 && <OtherAddresses emails={others} onChoose={(email) => setChosen({ email })} />}
      {((packet.error && !notSignedIn) || !ref) && <LeadSearch search={search} onSearch={setSearch} onFind={(email) => setChosen({ email })} />}
    </>
  );
}
