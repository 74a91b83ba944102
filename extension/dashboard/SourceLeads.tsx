import { request } from '../lib/messaging';
import type { TSourceLeads, TStatsRange } from '../lib/types';
import { useState } from 'react';
import { displayLine } from '../../shared/display-text';
import { DrillTable } from './DrillTable';
import { PacketDialog } from './PacketDialog';
import { LEAD_COLUMNS, LEAD_CSV_HEADER, leadCells, leadCsvRow } from './drill-view';

type TLead = TSourceLeads['items'][number];

/** The leads created in the range from one source or campaign (the funnel's row), newest first. */
export function SourceLeads({ group, range, dates, onClose }: { group: { by: 'source' | 'campaign'; key: string }; range: TStatsRange; dates: { from: string; to: string }; onClose: () => void }) {
  const title = `Leads from the ${group.by} ${group.key}`;
  const [packetOf, setPacketOf] = useState<{ email: string; name: string } | null>(null);
  return (
    <>
      <DrillTable<TLead>
        title={title}
        tableName={title}
        queryKey={['sourceLeads', group, range]}
        fetchPage={(cursor) => request('getSourceLeads', { [group.by]: group.key, ...range, ...(cursor ? { cursor } : {}) })}
        columns={LEAD_COLUMNS}
        cells={leadCells}
        keyOf={(lead) => lead.leadId}
        csv={{ what: `leads-${group.by}`, days: dates, header: LEAD_CSV_HEADER, row: leadCsvRow }}
        empty="No leads created in this range."
        onOpen={(item) => setPacketOf({ email: item.email, name: displayLine(item.name ?? item.email) })}
        onClose={onClose}
      />
      {packetOf && <PacketDialog email={packetOf.email} name={packetOf.name} onClose={() => setPacketOf(null)} />}
    </>
  );
}
