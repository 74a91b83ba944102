import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { displayLine } from '../../shared/display-text';
import { TOUCH_CHANNEL_LABELS, TOUCH_CHANNELS, type TTouchChannel } from '../../shared/touch-channels';
import { ErrorText } from '../components/ErrorText';
import { MessageError, submitAction, type TActionRequest } from '../lib/messaging';
import type { TActionOutcome, TApiError, TPacket } from '../lib/types';
import { HandOver } from './HandOver';
import { PendingDecision, type THeldDecision } from './PendingDecision';
import { useQueuedDecision } from './use-queued-decision';

// What the rep may do on this lead, as the server says (packet.may): log a touch on any
// channel the server knows, accept, or reject with one of the charter's reasons (a note when
// the reason needs one). Each click makes its idempotency key; the outcome shows at once.
// A decision is held unsent for a few seconds (the outbox's undo window), shown as taken,
// with Undo. An MQL nobody holds is handed over (HandOver).

const WAITING_WORDS = 'Waiting to sync: the server is unreachable; it will be sent once, as soon as it answers.';

export function Actions({ packet }: { packet: TPacket }) {
  const queryClient = useQueryClient();
  const [channel, setChannel] = useState<TTouchChannel>('call');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [rejecting, setRejecting] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [held, setHeld] = useState<THeldDecision | null>(null);
  const [settleError, setSettleError] = useState<TApiError | Error | null>(null);
  const act = useMutation({
    mutationFn: (action: TActionRequest) => submitAction(action),
    onSuccess: (outcome, action) => {
      setSettleError(null);
      if (outcome.status === 'held' && (action.kind === 'accept' || action.kind === 'reject')) {
        const label = action.kind === 'reject' ? packet.rejectionReasons.find((r) => r.id === action.reason)?.label : undefined;
        setHeld({ kind: action.kind, idempotencyKey: action.idempotencyKey, until: outcome.until, ...(label ? { reason: label } : {}) });
        setResult(null);
        return;
      }
      setResult(outcome.status === 'delivered' ? 'Saved.' : WAITING_WORDS);
      void queryClient.invalidateQueries({ queryKey: ['packet'] });
    },
  });
  const leadId = packet.lead.id;
  const queued = useQueuedDecision(leadId, packet.may.decide, packet.rejectionReasons);
  const { forget } = queued;
  const shownHeld = held ?? queued.held;
  const settled = useCallback(
    (key: string, outcome: TActionOutcome | { status: 'undone' } | { status: 'failed'; error: unknown }) => {
      setHeld(null);
      forget(key);
      if (outcome.status === 'failed') setSettleError(outcome.error instanceof MessageError || outcome.error instanceof Error ? outcome.error : new Error(String(outcome.error)));
      else if (outcome.status === 'delivered') setResult('Saved.');
      else if (outcome.status === 'waiting') setResult(WAITING_WORDS);
      void queryClient.invalidateQueries({ queryKey: ['packet'] });
    },
    [queryClient, forget],
  );
  const base = () => ({ leadId, idempotencyKey: crypto.randomUUID() });
  const chosen = packet.rejectionReasons.find((r) => r.id === reason);
  const { may } = packet;
  const untouched = packet.touches.length === 0;
  const handOver = (may.assign || may.claim) && <HandOver packet={packet} />;

  if (!may.logTouch && !may.decide) {
    if (handOver) return handOver;
    return (
      <p className="hs-muted hs-notice">
        {packet.owner ? `${displayLine(packet.owner.name)} owns this lead: only they, their manager or an admin can log touches and decide.` : 'Nobody owns this lead yet: a manager assigns it first.'}
      </p>
    );
  }

  return (
    <section className="hs-actions" aria-label="Actions">
      {may.actingFor && <p className="hs-muted hs-notice">You act for {displayLine(may.actingFor.name)}: it is recorded as on their behalf.</p>}
      {handOver}
      {may.logTouch && (
        <div className="hs-row">
          <label className="hs-muted" htmlFor="hs-channel">
            Channel
          </label>
          <select id="hs-channel" value={channel} onChange={(e) => setChannel(e.target.value as TTouchChannel)}>
            {TOUCH_CHANNELS.map((id) => (
              <option key={id} value={id}>
                {TOUCH_CHANNEL_LABELS[id]}
              </option>
            ))}
          </select>
          <button type="button" className="hs-touch" disabled={act.isPending} onClick={() => act.mutate({ ...base(), kind: 'logTouch', channel, at: new Date().toISOString() })}>
            Log touch
          </button>
        </div>
      )}
      {shownHeld && (
        <PendingDecision
          held={shownHeld}
          untouched={untouched}
          onSettled={settled}
          onUndone={() => {
            setHeld(null);
            forget(shownHeld.idempotencyKey);
            setResult('Undone: nothing was sent.');
          }}
        />
      )}
      {!shownHeld && queued.waiting && (
        <p role="status">{queued.waiting.action.kind === 'accept' ? 'Accepted' : 'Rejected'} — waiting to sync: it will be sent once, as soon as the server answers.</p>
      )}
      {may.decide && !shownHeld && !queued.waiting && (
        <>
          <div className="hs-row">
            <button type="button" className="hs-accept" disabled={act.isPending} onClick={() => act.mutate({ ...base(), kind: 'accept', undoable: true })}>
              Accept
            </button>
            <button type="button" className="hs-reject-open" aria-expanded={rejecting} aria-controls="hs-reject-form" onClick={() => setRejecting(!rejecting)}>
              Reject
            </button>
          </div>
          {/* The reasons and the note only once the rep chooses to reject: the first screen keeps the criteria. */}
          {rejecting && (
            <div id="hs-reject-form" className="hs-reject-form">
              <label htmlFor="hs-reason">Rejection reason</label>
              {/* Opened by the rep's click: the reason list takes the focus, and so comes into view. */}
              <select id="hs-reason" autoFocus value={reason} onChange={(e) => setReason(e.target.value)}>
                <option value="">Choose a reason…</option>
                {packet.rejectionReasons.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.label}
                  </option>
                ))}
              </select>
              <label htmlFor="hs-note">Note{chosen?.noteRequired ? ' (required)' : ''}</label>
              <textarea id="hs-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
              {untouched && <p className="hs-muted">No touch is logged yet: this will count as rejected without contact.</p>}
              <button
                type="button"
                className="hs-reject"
                disabled={act.isPending || !chosen || (chosen.noteRequired && !note.trim())}
                onClick={() => act.mutate({ ...base(), kind: 'reject', reason, note: note.trim() || undefined, undoable: true })}
              >
                Confirm reject
              </button>
            </div>
          )}
        </>
      )}
      {act.error && <ErrorText error={act.error} className="hs-error" />}
      {settleError && <ErrorText error={settleError} className="hs-error" />}
      {result && !act.error && !shownHeld && <p role="status">{result}</p>}
    </section>
  );
}
