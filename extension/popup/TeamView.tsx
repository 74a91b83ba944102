import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { QueryStatus } from '../components/QueryStatus';
import { request } from '../lib/messaging';
import { defaultDates, rangeFromDates } from '../ui/format';
import { nextSort, sortRows, type TSort } from '../ui/stats-view';
import { AcceptanceChart } from './AcceptanceChart';
import { AtRisk } from './AtRisk';
import { Funnel } from './Funnel';
import { RepTable } from './RepTable';
import { TeamFigures } from './TeamFigures';

// The manager's view: per-rep acceptance over a date range, sortable, with a chart of the
// acceptance rate per rep against the 70% target, and the funnel by source.

export function TeamView() {
  const [dates, setDates] = useState(() => defaultDates(new Date()));
  const [sort, setSort] = useState<TSort>({ column: 'name', direction: 'ascending' });
  const invalidRange = dates.from !== '' && dates.to !== '' && dates.from > dates.to;
  const range = rangeFromDates(dates.from, dates.to);
  const reps = useQuery({
    queryKey: ['repStats', range],
    queryFn: () => request('getRepStats', range),
    enabled: !invalidRange,
    placeholderData: keepPreviousData,
  });
  const rows = useMemo(() => sortRows(reps.data?.reps ?? [], sort), [reps.data, sort]);

  return (
    <div className="pad team">
      <div className="section-head">
        <h1>Team</h1>
        <form className="range" aria-label="Date range" onSubmit={(e) => e.preventDefault()}>
          <label>
            From <input type="date" value={dates.from} max={dates.to || undefined} onChange={(e) => setDates({ ...dates, from: e.target.value })} />
          </label>
          <label>
            To <input type="date" value={dates.to} min={dates.from || undefined} onChange={(e) => setDates({ ...dates, to: e.target.value })} />
          </label>
        </form>
      </div>
      {invalidRange && (
        <p role="alert" className="error">
          “From” must be on or before “To”.
        </p>
      )}
      {reps.data && <TeamFigures stats={reps.data} />}

      <AtRisk />

      <section aria-labelledby="reps-heading">
        <h2 id="reps-heading">Acceptance by rep</h2>
        <QueryStatus query={reps} />
        {reps.data && rows.length === 0 && <p className="muted">No reps in this range.</p>}
        {reps.data && rows.length > 0 && (
          <>
            <RepTable rows={rows} sort={sort} onSort={(column) => setSort(nextSort(sort, column))} labelledBy="reps-heading" />
            <p className="muted small note">Handovers started in the range, by their original owner. Times to first touch are in the owner’s business hours.</p>
            <AcceptanceChart rows={rows} />
          </>
        )}
      </section>

      <Funnel range={range} enabled={!invalidRange} />
    </div>
  );
}
