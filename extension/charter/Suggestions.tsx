import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { QueryStatus } from '../components/QueryStatus';
import { request } from '../lib/messaging';
import type { TCharterSuggestion } from '../lib/types';
import { InvalidRangeAlert, isInvalidRange, RangeRunForm } from '../ui/DateRange';
import { formatDate, rangeFromDates, toDateInput } from '../ui/format';
import { defaultBacktestDates } from './backtest-view';
import { backtestLines, estimateText, triggerText } from './suggestions-view';

// Suggestions from the feedback loop: the rejection reasons that make up a large share of a
// range's rejections, each with the charter change that addresses it and that change's
// backtest. "Use in the draft" applies it to the draft; nothing changes the charter in force
// until both sides sign a proposal.

export type TEdits = NonNullable<TCharterSuggestion['change']>['edits'];

const keyOf = (suggestion: TCharterSuggestion) => `${suggestion.reasonId ?? ''}|${suggestion.source ?? ''}`;

function Suggestion({ suggestion, applied, onApply }: { suggestion: TCharterSuggestion; applied: boolean; onApply: () => void }) {
  const { change, note } = suggestion;
  const estimate = estimateText(suggestion);
  const lines = backtestLines(suggestion);
  return (
    <li className="suggestion">
      <h3>{triggerText(suggestion)}</h3>
      {change ? <p>{change.summary}</p> : <p className="muted">{note}</p>}
      {estimate && <p className="muted small">{estimate}</p>}
      {lines.length > 0 && (
        <ul className="suggestion-backtest small" aria-label="Backtest of this change">
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      {change && (
        <div className="actions">
          <button type="button" onClick={onApply} disabled={applied}>
            Use in the draft
          </button>
          {applied && (
            <span role="status" className="muted small">
              In the draft: see the changes beside it.
            </span>
          )}
        </div>
      )}
    </li>
  );
}

export function Suggestions({ onApply }: { onApply: (edits: TEdits) => void }) {
  const [dates, setDates] = useState(() => defaultBacktestDates(new Date(), toDateInput));
  const [range, setRange] = useState(() => rangeFromDates(dates.from, dates.to));
  const [applied, setApplied] = useState<ReadonlySet<string>>(new Set());
  const suggestions = useQuery({ queryKey: ['charterSuggestions', range], queryFn: () => request('getCharterSuggestions', range) });
  const data = suggestions.data;
  return (
    <section className="card" aria-labelledby="suggestions-title">
      <div className="section-head">
        <h2 id="suggestions-title">Suggestions from the feedback loop</h2>
        <span className="spacer" />
        <RangeRunForm
          label="Suggestions range"
          dates={dates}
          onChange={setDates}
          pending={suggestions.isFetching}
          onRun={() => setRange(rangeFromDates(dates.from, dates.to))}
          run="Find suggestions"
          running="Reading…"
        />
      </div>
      {isInvalidRange(dates) && <InvalidRangeAlert />}
      <QueryStatus query={suggestions} />
      {data && (
        <p className="muted small">
          {formatDate(data.from)} to {formatDate(new Date(Date.parse(data.to) - 1).toISOString())}: {data.decided.rejected} rejected and {data.decided.accepted} accepted handovers. A reason
          is raised when it makes up at least {Math.round(data.thresholds.minShare * 100)}% of the rejections, overall or for a source, with {data.thresholds.minRejections} rejections or more;
          each change is backtested over the same range against version {data.activeVersion}.
        </p>
      )}
      {data && data.suggestions.length === 0 && <p>No rejection reason stands out in this range: nothing to calibrate.</p>}
      {data && data.suggestions.length > 0 && (
        <ul className="suggestions">
          {data.suggestions.map((suggestion) => (
            <Suggestion
              key={keyOf(suggestion)}
              suggestion={suggestion}
              applied={applied.has(keyOf(suggestion))}
              onApply={() => {
                onApply(suggestion.change!.edits);
                setApplied((keys) => new Set([...keys, keyOf(suggestion)]));
              }}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
