import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorText } from '../components/ErrorText';
import { UserText } from '../components/UserText';
import { request } from '../lib/messaging';
import type { TOutcomeRow, TOutcomes, TStatsRange } from '../lib/types';
import { csvFileName, downloadText, toCsv } from '../ui/csv';
import { formatRate } from '../ui/format';
import { OUTCOME_COLUMNS, OUTCOME_GROUPS, type TOutcomeGroupBy, firstTouchCells, outcomesCsvHeader, outcomesCsvRows, rejectedWarning } from './outcomes-view';

/** What became of the range's MQLs by source or campaign, of the leads sales rejected, and conversion by first-touch delay: the seeds' figures as they state them. */
export function OutcomesSection({ range, dates, enabled }: { range: TStatsRange; dates: { from: string; to: string }; enabled: boolean }) {
  const [groupBy, setGroupBy] = useState<TOutcomeGroupBy>('source');
  const group = OUTCOME_GROUPS.find((g) => g.groupBy === groupBy)!;
  const outcomes = useQuery({
    queryKey: ['outcomes', range, groupBy],
    queryFn: () => request('getOutcomes', { ...range, groupBy }),
    enabled,
    placeholderData: keepPreviousData,
  });
  const firstTouch = useQuery({
    queryKey: ['firstTouch', range],
    queryFn: () => request('getFirstTouch', range),
    enabled,
    placeholderData: keepPreviousData,
  });
  const exportCsv = () => {
    if (!outcomes.data) return;
    downloadText(csvFileName(`outcomes-${groupBy}`, dates), toCsv(outcomesCsvHeader(group.column), outcomesCsvRows(outcomes.data, group.all)), 'text/csv');
  };
  return (
    // Named apart from its heading: a label starting "From" would also answer for the range's "From" date.
    <section aria-label="MQL outcomes" className="card outcomes">
      <div className="section-head">
        <h2 id="outcomes-heading">From MQL to customer</h2>
        <span className="spacer" />
        {outcomes.data && (
          <button type="button" className="plain-button" onClick={exportCsv}>
            Download CSV
          </button>
        )}
        <label className="inline-select">
          Group by
          <select value={groupBy} onChange={(e) => setGroupBy(e.target.value as TOutcomeGroupBy)}>
            {OUTCOME_GROUPS.map((g) => (
              <option key={g.groupBy} value={g.groupBy}>
                {g.column}
              </option>
            ))}
          </select>
        </label>
      </div>
      {outcomes.error && <ErrorText error={outcomes.error} />}
      {outcomes.data && (
        <>
          <div className="table-scroll">
            <table aria-label={`MQL outcomes by ${group.column.toLowerCase()}`} className="data outcomes-table">
              <thead>
                <tr>
                  <th scope="col">{group.column}</th>
                  {OUTCOME_COLUMNS.map((c) => (
                    <th key={c.label} scope="col" className="num">
                      {c.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {outcomes.data.groups.map((row) => (
                  <OutcomeRow key={row.key} row={row} />
                ))}
              </tbody>
              <tfoot>
                <OutcomeRow row={outcomes.data.total} label={group.all} />
              </tfoot>
            </table>
          </div>
          <p className="muted small note">
            MQLs whose MQL date is in the range. SQL within 30 (60) days: of the MQLs whose 30 (60) days are over, or already SQL. No touch in 7 days: of the MQLs at least 7 days old, no touch logged in their first 7 days. Revenue: the amounts of their won deals, in the CRM’s currency.
          </p>
          <RejectedFate rejected={outcomes.data.rejected} />
        </>
      )}
      <h3 id="first-touch-heading" className="small">
        Conversion by first-touch delay
      </h3>
      {firstTouch.error && <ErrorText error={firstTouch.error} />}
      {firstTouch.data && (
        <>
          <table aria-labelledby="first-touch-heading" className="data first-touch-table">
            <thead>
              <tr>
                <th scope="col">First touch</th>
                <th scope="col" className="num">
                  Handovers
                </th>
                <th scope="col" className="num">
                  Opportunities
                </th>
                <th scope="col" className="num">
                  Conversion
                </th>
                <th scope="col" className="num overall">
                  Articles’ conversion
                </th>
              </tr>
            </thead>
            <tbody>
              {firstTouch.data.buckets.map((bucket) => (
                <tr key={bucket.bucket}>
                  {firstTouchCells(bucket).map((cell, i) =>
                    i === 0 ? (
                      <th key={i} scope="row">
                        {cell}
                      </th>
                    ) : (
                      <td key={i} className={i === 4 ? 'num overall' : 'num'}>
                        {cell}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small note">Handovers started in the range, by calendar time to their first touch; conversion: those whose lead reached an opportunity. The articles’ rates are the industry’s, for comparison.</p>
        </>
      )}
    </section>
  );
}

function OutcomeRow({ row, label }: { row: TOutcomeRow; label?: string }) {
  return (
    <tr className={label ? 'total' : undefined}>
      <th scope="row">
        <UserText className="clip" text={label ?? row.key} hover />
      </th>
      {OUTCOME_COLUMNS.map((c) => (
        <td key={c.label} className="num">
          {c.text(row)}
          {c.rate && <span className="rate">{c.rate(row)}</span>}
        </td>
      ))}
    </tr>
  );
}

function RejectedFate({ rejected }: { rejected: TOutcomes['rejected'] }) {
  const warning = rejectedWarning(rejected);
  return (
    <>
      <h3 id="rejected-fate-heading" className="small">
        What became of the rejected leads
      </h3>
      <p className="small">
        {rejected.total} {rejected.total === 1 ? 'handover' : 'handovers'} rejected in the range; since then {rejected.requalified} re-qualified ({formatRate(rejected.requalifiedRate)}) and {rejected.won} became customers ({formatRate(rejected.wonRate)}).
      </p>
      {warning && (
        <p role="note" className="warning-text">
          {warning}
        </p>
      )}
      {rejected.byReason.length > 0 && (
        <table aria-labelledby="rejected-fate-heading" className="data rejected-fate-table">
          <thead>
            <tr>
              <th scope="col">Reason</th>
              <th scope="col" className="num">
                Rejected
              </th>
              <th scope="col" className="num">
                Re-qualified
              </th>
              <th scope="col" className="num">
                Won
              </th>
            </tr>
          </thead>
          <tbody>
            {rejected.byReason.map((reason) => (
              <tr key={`${reason.reasonId ?? ''}:${reason.label}`}>
                <th scope="row">
                  <UserText className="clip" text={reason.label} hover />
                </th>
                <td className="num">{reason.rejected}</td>
                <td className="num">{reason.requalified}</td>
                <td className="num">{reason.won}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
