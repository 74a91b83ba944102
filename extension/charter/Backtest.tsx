import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { InvalidRangeAlert, isInvalidRange, RangeRunForm } from '../ui/DateRange';
import { NumberRow } from '../ui/NumberRow';
import { MessageError, request } from '../lib/messaging';
import type { TCharter, TCharterBacktest } from '../lib/types';
import { formatDate, rangeFromDates, toDateInput } from '../ui/format';
import { DECISION_COLUMNS, decisionRows, defaultBacktestDates, overallCells, SOURCE_COLUMNS, sourceCells } from './backtest-view';
import { ActionError } from './ActionError';
import { charterFieldErrors, type TFieldError } from './draft';
import { TableHead } from '../components/TableHead';

// "Backtest before signing": the range's leads replayed under the charter in force and under
// the draft, by source and overall, and set against what sales decided.

function BacktestTables({ result }: { result: TCharterBacktest }) {
  const stage = (s: string) => s.toUpperCase();
  return (
    <>
      <p className="muted small">
        {formatDate(result.from)} to {formatDate(new Date(Date.parse(result.to) - 1).toISOString())}: “now” is version {result.active.version} (hands over at {stage(result.active.handoverStage)}), “proposed” the draft (hands over at{' '}
        {stage(result.proposed.handoverStage)}). A lead counts once per column if it reached the stage at any moment of the range.
      </p>
      <h3>By source</h3>
      <div className="table-scroll">
        <table className="data backtest-table" aria-label="Backtest by source">
          <TableHead columns={SOURCE_COLUMNS} numbers />
          <tbody>
            {result.bySource.map((row) => (
              <NamedRow key={row.source} cells={sourceCells(row)} />
            ))}
          </tbody>
          <tfoot>
            <NamedRow cells={overallCells(result)} />
          </tfoot>
        </table>
      </div>
      <h3>Against sales’ decisions</h3>
      <p className="muted small">
        Handovers started in the range and decided: how many each charter would not have sent to sales. Accepted ones the proposal would not send are good leads it would lose; rejected ones
        are rejections it would spare. “Now” is the baseline: handovers opened by hand, by import or on data changed since. Undecided, not compared: {result.decisions.undecided}.
      </p>
      <div className="table-scroll">
        <table className="data backtest-table" aria-label="Backtest against sales’ decisions">
          <TableHead columns={DECISION_COLUMNS} numbers />
          <tbody>
            {decisionRows(result).map((cells, i) => (
              <NamedRow key={i} cells={cells} />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** A row whose first cell names it. */
function NamedRow({ cells }: { cells: readonly string[] }) {
  const [name, ...figures] = cells;
  return <NumberRow head={name} cells={figures} />;
}

export function Backtest({ draft, onFieldErrors }: { draft: TCharter; onFieldErrors: (errors: readonly TFieldError[]) => void }) {
  const [dates, setDates] = useState(() => defaultBacktestDates(new Date(), toDateInput));
  const [ranFor, setRanFor] = useState<string | null>(null);
  const invalidRange = isInvalidRange(dates);
  const run = useMutation({
    mutationFn: (charter: TCharter) => request('backtestCharter', { charter, ...rangeFromDates(dates.from, dates.to) }),
    onMutate: (charter) => setRanFor(JSON.stringify(charter)),
    onSuccess: () => onFieldErrors([]),
    onError: (error) => onFieldErrors(error instanceof MessageError ? charterFieldErrors(error.error) : []),
  });
  const stale = run.data !== undefined && ranFor !== JSON.stringify(draft);
  return (
    <section className="card" aria-labelledby="backtest-title">
      <div className="section-head">
        <h2 id="backtest-title">Backtest before signing</h2>
        <span className="spacer" />
        <RangeRunForm label="Backtest range" dates={dates} onChange={setDates} pending={run.isPending} onRun={() => run.mutate(draft)} run="Run backtest" running="Running…" />
      </div>
      {invalidRange && <InvalidRangeAlert />}
      {run.isPending && (
        <p role="status" className="muted">
          Replaying the range under both charters…
        </p>
      )}
      {run.error && <ActionError error={run.error} />}
      {!run.data && !run.isPending && !run.error && <p className="muted">Replays the range’s leads under the charter in force and under the draft as the form holds it.</p>}
      {stale && (
        <p role="status" className="warning-text">
          The draft has changed since this run: run it again to see the figures for the draft as it stands.
        </p>
      )}
      {run.data && <BacktestTables result={run.data} />}
    </section>
  );
}
