import { request } from '../lib/messaging';
import type { TSourceLeads, TStatsRange } from '../lib/types';
import { DrillTable } from './DrillTable';
import { LEAD_COLUMNS, LEAD_CSV_HEADER, leadCells, leadCsvRow } from './drill-view';

type TLead = TSourceLeads['items'][number];

/** The leads created in the range from one source or campaign (the funnel's row), newest first. */
export function SourceLeads({ group, range, dates, onClose }: { group: { by: 'source' | 'campaign'; key: string }; range: TStatsRange; dates: { from: string; to: string }; onClose: () => void }) {
  const title = `Leads from the ${group.by} ${group.key}`;
  return (
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
      onClose={onClose}
    />
  );
}
