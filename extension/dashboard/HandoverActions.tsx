import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorText } from '../components/ErrorText';
import { request } from '../lib/messaging';
import type { TQueueItem } from '../lib/types';
import { displayLine } from '../../shared/display-text';
import { Dialog } from './Dialog';

// What a manager does about a handover at risk: hand it to another rep of theirs, or ask its
// holder to act (a desktop notification with the manager's words). Each request's idempotency
// key is made when its dialog opens, so sending again after a failure never moves or nudges
// twice; the server audits both.

type TOpen = 'reassign' | 'nudge' | null;

export function HandoverActions({ item }: { item: TQueueItem }) {
  const [open, setOpen] = useState<TOpen>(null);
  const lead = displayLine(item.name);
  return (
    <div className="row-actions">
      <button type="button" className="plain-button" onClick={() => setOpen('reassign')} aria-label={`Reassign ${lead}`}>
        Reassign
      </button>
      <button type="button" className="plain-button" onClick={() => setOpen('nudge')} aria-label={`Nudge ${displayLine(item.owner.name)} about ${lead}`}>
        Nudge
      </button>
      {open === 'reassign' && <ReassignDialog item={item} onClose={() => setOpen(null)} />}
      {open === 'nudge' && <NudgeDialog item={item} onClose={() => setOpen(null)} />}
    </div>
  );
}

function ReassignDialog({ item, onClose }: { item: TQueueItem; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [toRepId, setToRepId] = useState('');
  const [note, setNote] = useState('');
  const reps = useQuery({ queryKey: ['teamReps'], queryFn: () => request('getTeamReps') });
  const candidates = (reps.data ?? []).filter((rep) => rep.id !== item.owner.id && rep.role === 'rep');
  const move = useMutation({
    mutationFn: () => request('reassign', { handoverId: item.handoverId, toRepId, idempotencyKey, ...(note.trim() ? { note: note.trim() } : {}) }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['teamQueue'] }),
  });
  // From every rep: once moved, the new holder is no longer among the candidates.
  const chosen = reps.data?.find((rep) => rep.id === toRepId);
  return (
    <Dialog title={`Reassign ${displayLine(item.name)}`} onClose={onClose}>
      {move.isSuccess ? (
        <p role="status">Moved to {displayLine(chosen?.name ?? '')}. They are told it is theirs; the deadline stays.</p>
      ) : (
        <form
          className="stacked"
          onSubmit={(e) => {
            e.preventDefault();
            move.mutate();
          }}
        >
          <p className="muted">
            Held by {displayLine(item.owner.name)}. The handover keeps its deadline and counts for the rep it was first handed to.
          </p>
          <label>
            New holder
            <select required value={toRepId} onChange={(e) => setToRepId(e.target.value)}>
              <option value="">Choose a rep</option>
              {candidates.map((rep) => (
                <option key={rep.id} value={rep.id}>
                  {displayLine(rep.name)}
                </option>
              ))}
            </select>
          </label>
          <label>
            Note for the record (optional)
            <textarea maxLength={500} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          {move.error && <ErrorText error={move.error} />}
          <button type="submit" className="primary" disabled={!toRepId || move.isPending}>
            {move.isPending ? 'Reassigning…' : move.error ? 'Try again' : 'Reassign'}
          </button>
        </form>
      )}
    </Dialog>
  );
}

function NudgeDialog({ item, onClose }: { item: TQueueItem; onClose: () => void }) {
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [message, setMessage] = useState('');
  const nudge = useMutation({
    mutationFn: () => request('nudge', { handoverId: item.handoverId, idempotencyKey, ...(message.trim() ? { message: message.trim() } : {}) }),
  });
  const holder = displayLine(item.owner.name);
  return (
    <Dialog title={`Nudge ${holder}`} onClose={onClose}>
      {nudge.isSuccess ? (
        <p role="status">Nudge sent: {holder} gets a notification about {displayLine(item.name)}.</p>
      ) : (
        <form
          className="stacked"
          onSubmit={(e) => {
            e.preventDefault();
            nudge.mutate();
          }}
        >
          <label>
            Message (optional)
            <textarea maxLength={280} rows={3} value={message} onChange={(e) => setMessage(e.target.value)} placeholder="Demo request from a target account — call today?" />
          </label>
          {nudge.error && <ErrorText error={nudge.error} />}
          <button type="submit" className="primary" disabled={nudge.isPending}>
            {nudge.isPending ? 'Sending…' : nudge.error ? 'Try again' : 'Send nudge'}
          </button>
        </form>
      )}
    </Dialog>
  );
}
