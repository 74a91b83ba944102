import { useEffect, useState } from 'react';
import { request } from '../lib/messaging';
import type { TActionOutcome } from '../lib/types';

// A decision the rep just took, held in the outbox (unsent) for its undo window: what it will
// be, the seconds left, and Undo. When the window closes the background sends it; this asks
// the background what became of it and hands that on.

export interface THeldDecision {
  kind: 'accept' | 'reject';
  idempotencyKey: string;
  /** When the window closes (ISO). */
  until: string;
  /** The reason's label, for a rejection. */
  reason?: string;
}

const secondsLeft = (until: string, now: number) => Math.max(0, Math.ceil((Date.parse(until) - now) / 1000));

/** `onSettled`: the window closed and the background tried to send it; `onUndone`: the rep took it back, nothing was sent. */
export function PendingDecision({
  held,
  untouched,
  onSettled,
  onUndone,
}: {
  held: THeldDecision;
  /** No touch logged yet: an accept leaves the SLA clock running, a reject counts as without contact. */
  untouched: boolean;
  onSettled: (idempotencyKey: string, outcome: TActionOutcome | { status: 'undone' } | { status: 'failed'; error: unknown }) => void;
  onUndone: () => void;
}) {
  const [now, setNow] = useState(() => Date.now());
  const [undoing, setUndoing] = useState(false);
  const [tooLate, setTooLate] = useState(false);
  const left = secondsLeft(held.until, now);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    let live = true;
    request('settled', { idempotencyKey: held.idempotencyKey }).then(
      (outcome) => live && onSettled(held.idempotencyKey, outcome),
      (error: unknown) => live && onSettled(held.idempotencyKey, { status: 'failed', error }),
    );
    return () => {
      live = false;
    };
  }, [held.idempotencyKey, onSettled]);

  const undo = async () => {
    setUndoing(true);
    const { undone } = await request('undo', { idempotencyKey: held.idempotencyKey }).catch(() => ({ undone: false }));
    if (undone) onUndone();
    else setTooLate(true);
  };

  const what = held.kind === 'accept' ? 'Accepted' : `Rejected${held.reason ? `: ${held.reason}` : ''}`;
  return (
    <div className="hs-pending" role="status">
      <p>
        {what} — {left > 0 ? `sent in ${left} s; until then you can undo it.` : 'sending…'}
      </p>
      {untouched && (
        <p className="hs-muted">{held.kind === 'accept' ? 'The SLA clock runs until the first touch: log it when you reach them.' : 'Counted as rejected without contact: no touch was logged.'}</p>
      )}
      {tooLate ? (
        <p className="hs-muted">Too late to undo: it has been sent.</p>
      ) : (
        left > 0 && (
          <button type="button" className="hs-undo" disabled={undoing} onClick={() => void undo()}>
            Undo
          </button>
        )
      )}
    </div>
  );
}
