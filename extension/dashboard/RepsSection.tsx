import type { UseQueryResult } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { QueryStatus } from '../components/QueryStatus';
import type { TRepRow, TRepStats, TStatsRange } from '../lib/types';
import { csvFileName, downloadText, toCsv } from '../ui/csv';
import { nextSort, repCsvHeader, repCsvRow, sortRows, type TSort } from '../ui/stats-view';
import { AcceptanceChart } from './AcceptanceChart';
import { RepHandovers } from './RepHandovers';
import { RepTable } from './RepTable';

/** Per-rep acceptance over the range, sortable, as a chart against the target, and as CSV; a rep's name opens their handovers. */
export function RepsSection({ range, dates, reps }: { range: TStatsRange; dates: { from: string; to: string }; reps: UseQueryResult<TRepStats> }) {
  const [sort, setSort] = useState<TSort>({ column: 'name', direction: 'ascending' });
  const [opened, setOpened] = useState<TRepRow | null>(null);
  const rows = useMemo(() => sortRows(reps.data?.reps ?? [], sort), [reps.data, sort]);
  const exportCsv = () => downloadText(csvFileName('reps', dates), toCsv(repCsvHeader, rows.map(repCsvRow)), 'text/csv');
  return (
    <section aria-labelledby="reps-heading" className="card">
      <div className="section-head">
        <h2 id="reps-heading">Acceptance by rep</h2>
        {rows.length > 0 && (
          <button type="button" className="plain-button" onClick={exportCsv}>
            Download CSV
          </button>
        )}
      </div>
      <QueryStatus query={reps} />
      {reps.data && rows.length === 0 && <p className="muted">No reps in this range.</p>}
      {reps.data && rows.length > 0 && (
        <>
          <div className="table-scroll">
            <RepTable rows={rows} sort={sort} onSort={(column) => setSort(nextSort(sort, column))} labelledBy="reps-heading" onOpen={setOpened} />
          </div>
          <p className="muted small note">Handovers started in the range, by their original owner. Times to first touch are in the owner’s business hours.</p>
          <AcceptanceChart rows={rows} />
        </>
      )}
      {opened && <RepHandovers rep={opened} range={range} dates={dates} onClose={() => setOpened(null)} />}
    </section>
  );
}
