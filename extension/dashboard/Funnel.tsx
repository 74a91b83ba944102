import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorText } from '../components/ErrorText';
import { request } from '../lib/messaging';
import type { TFunnelGroupBy, TStatsRange } from '../lib/types';
import { csvFileName, downloadText, toCsv } from '../ui/csv';
import { FUNNEL_GROUPS, FUNNEL_OVERALL, FUNNEL_STEPS, funnelCsvHeader, funnelCsvRow } from '../ui/team';
import { FunnelRow } from './FunnelRow';
import { SourceLeads } from './SourceLeads';

/** The funnel (leads → MQL → SQL → accepted → opportunity → won) over the range, by source, campaign or engagement level, with the overall MQL → won and SQL → won rates. */
export function Funnel({ range, dates, enabled }: { range: TStatsRange; dates: { from: string; to: string }; enabled: boolean }) {
  const [groupBy, setGroupBy] = useState<TFunnelGroupBy>('source');
  const [opened, setOpened] = useState<{ by: 'source' | 'campaign'; key: string } | null>(null);
  const by = groupBy === 'engagement' ? null : groupBy;
  const group = FUNNEL_GROUPS.find((g) => g.groupBy === groupBy)!;
  const funnel = useQuery({
    queryKey: ['funnel', range, groupBy],
    queryFn: () => request('getFunnel', { ...range, groupBy }),
    enabled,
    placeholderData: keepPreviousData,
  });
  const exportCsv = () => {
    if (!funnel.data) return;
    const rows = [...funnel.data.groups.map((row) => funnelCsvRow(row, row.key)), funnelCsvRow(funnel.data.total, group.all)];
    downloadText(csvFileName(`funnel-${groupBy}`, dates), toCsv(funnelCsvHeader(group.column), rows), 'text/csv');
  };
  return (
    <section aria-labelledby="funnel-heading" className="card">
      <div className="section-head">
        <h2 id="funnel-heading">Funnel by {group.label}</h2>
        <span className="spacer" />
        {funnel.data && (
          <button type="button" className="plain-button" onClick={exportCsv}>
            Download CSV
          </button>
        )}
        <fieldset className="segmented">
          <legend className="visually-hidden">Group the funnel by</legend>
          {FUNNEL_GROUPS.map((g) => (
            <label key={g.groupBy}>
              <input type="radio" name="funnel-group" value={g.groupBy} checked={groupBy === g.groupBy} onChange={() => setGroupBy(g.groupBy)} />
              <span>{g.column}</span>
            </label>
          ))}
        </fieldset>
      </div>
      {funnel.error && <ErrorText error={funnel.error} />}
      {funnel.data && (
        <table aria-labelledby="funnel-heading" className="data funnel">
          <thead>
            <tr>
              <th scope="col">{group.column}</th>
              {FUNNEL_STEPS.map((step) => (
                <th key={step.label} scope="col" className="num">
                  {step.label}
                </th>
              ))}
              {FUNNEL_OVERALL.map((overall) => (
                <th key={overall.label} scope="col" className="num overall">
                  {overall.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {funnel.data.groups.map((row) => (
              <FunnelRow key={row.key} row={row} onOpen={by ? () => setOpened({ by, key: row.key }) : undefined} />
            ))}
          </tbody>
          <tfoot>
            <FunnelRow row={funnel.data.total} totalLabel={group.all} />
          </tfoot>
        </table>
      )}
      {opened && <SourceLeads group={opened} range={range} dates={dates} onClose={() => setOpened(null)} />}
      {funnel.data && <p className="muted small note">Leads created in the range; each step’s rate is from the step before. MQL → won and SQL → won: the share of the range’s MQLs (SQLs) that became customers.</p>}
    </section>
  );
}
