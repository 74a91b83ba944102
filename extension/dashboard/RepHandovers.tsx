import { request } from '../lib/messaging';
import type { TRepHandover, TStatsRange } from '../lib/types';
import { useState } from 'react';
import { displayLine } from '../../shared/display-text';
import { DrillTable } from './DrillTable';
import { PacketDialog } from './PacketDialog';
import { HANDOVER_COLUMNS, HANDOVER_CSV_HEADER, handoverCells, handoverCsvRow } from './drill-view';

/** A rep's handovers started in the range (by original owner, as their row counts them): outcome, reason, note, first touch, SLA. */
export function RepHandovers({ rep, range, dates, onClose }: { rep: { repId: string; name: string }; range: TStatsRange; dates: { from: string; to: string }; onClose: () => void }) {
  const [packetOf, setPacketOf] = useState<{ email: string; name: string } | null>(null);
  return (
    <>
      <DrillTable<TRepHandover>
        title={`Handovers of ${rep.name}`}
        tableName={`Handovers of ${rep.name}`}
        queryKey={['repHandovers', rep.repId, range]}
        fetchPage={(cursor) => request('getRepHandovers', { repId: rep.repId, ...range, ...(cursor ? { cursor } : {}) })}
        columns={HANDOVER_COLUMNS}
        cells={(item) => handoverCells(item)}
        keyOf={(item) => item.handoverId}
        csv={{ what: 'handovers', days: dates, header: HANDOVER_CSV_HEADER, row: handoverCsvRow }}
        empty="No handovers started in this range."
        onOpen={(item) => setPacketOf({ email: item.leadEmail, name: displayLine(item.leadName ?? item.leadEmail) })}
        onClose={onClose}
      />
      {packetOf && <PacketDialog email={packetOf.email} name={packetOf.name} onClose={() => setPacketOf(null)} />}
    </>
  );
}
