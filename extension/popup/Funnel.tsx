import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorText } from '../components/ErrorText';
import { request } from '../lib/messaging';
import type { TFunnelGroupBy, TStatsRange } from '../lib/types';
import { FunnelRow } from './FunnelRow';
import { FUNNEL_GROUPS, FUNNEL_STEPS } from './team';

/** The funnel (leads → MQL → SQL → accepted → opportunity → won) over the range, by source, campaign or engagement level. */
export function Funnel({ range, enabled }: { range: TStatsRange; enabled: boolean }) {
  const [groupBy, setGroupBy] = useState<TFunnelGroupBy>('source');
  const group = FUNNEL_GROUPS.find((g) => g.groupBy === groupBy)!;
  const funnel = useQuery({
    queryKey: ['funnel', range, groupBy],
    queryFn: () => request('getFunnel', { ...range, groupBy }),
    enabled,
    placeholderData: keepPreviousData,
  });
  return (
    <section aria-labelledby="funnel-heading">
      <div className="section-head">
        <h2 id="funnel-heading">Funnel by {group.label}</h2>
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
            </tr>
          </thead>
          <tbody>
            {funnel.data.groups.map((row) => (
              <FunnelRow key={row.key} row={row} />
            ))}
          </tbody>
          <tfoot>
            <FunnelRow row={funnel.data.total} totalLabel={group.all} />
          </tfoot>
        </table>
      )}
      {funnel.data && <p className="muted small note">Leads created in the range; each rate is from the step before.</p>}
    </section>
  );
}
