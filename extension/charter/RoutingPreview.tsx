import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { MessageError, request } from '../lib/messaging';
import type { TCharter } from '../lib/types';
import { InvalidRangeAlert, isInvalidRange, RangeRunForm } from '../ui/DateRange';
import { defaultDates, rangeFromDates } from '../ui/format';
import { ActionError } from './ActionError';
import { charterFieldErrors, type TFieldError } from './draft';
import { RoutingPreviewResult } from './RoutingPreviewResult';

// "Preview routing": who the draft's routing would give the leads handed over in a range, from
// the rotation as it stands, and the load that puts on each rep. Nothing is written. Like the
// backtest, it sends the draft as the form holds it, and a refusal shows at the field.

export function RoutingPreview({ draft, onFieldErrors }: { draft: TCharter; onFieldErrors: (errors: readonly TFieldError[]) => void }) {
  const [dates, setDates] = useState(() => defaultDates(new Date()));
  const [ranFor, setRanFor] = useState<string | null>(null);
  const invalidRange = isInvalidRange(dates);
  const run = useMutation({
    mutationFn: (charter: TCharter) => request('previewRouting', { charter, ...rangeFromDates(dates.from, dates.to) }),
    onMutate: (charter) => setRanFor(JSON.stringify(charter)),
    onSuccess: () => onFieldErrors([]),
    onError: (error) => onFieldErrors(error instanceof MessageError ? charterFieldErrors(error.error) : []),
  });
  const stale = run.data !== undefined && ranFor !== JSON.stringify(draft);
  return (
    <section className="card routing-preview" aria-labelledby="routing-preview-title">
      <div className="section-head">
        <h2 id="routing-preview-title">Preview routing</h2>
        <span className="spacer" />
        <RangeRunForm label="Routing preview range" dates={dates} onChange={setDates} pending={run.isPending} onRun={() => run.mutate(draft)} run="Run preview" running="Routing…" />
      </div>
      {invalidRange && <InvalidRangeAlert />}
      {run.isPending && (
        <p role="status" className="muted">
          Routing the range’s leads under the draft…
        </p>
      )}
      {run.error && <ActionError error={run.error} />}
      {!run.data && !run.isPending && !run.error && (
        <p className="muted">Shows who the draft’s routing would give each lead handed over in the range, and why, against who holds it today; nothing is assigned or written.</p>
      )}
      {stale && (
        <p role="status" className="warning-text">
          The draft has changed since this preview: run it again to see the routing of the draft as it stands.
        </p>
      )}
      {run.data && <RoutingPreviewResult preview={run.data} dates={dates} />}
    </section>
  );
}
