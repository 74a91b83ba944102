import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { MessageError, request } from '../lib/messaging';
import type { TCharter } from '../lib/types';
import { ActionError } from './ActionError';
import { charterFieldErrors, type TFieldError } from './draft';

// Proposing the draft as a new version, with a note: it waits for its two signatures.

export function Propose({ draft, changes, onFieldErrors }: { draft: TCharter; changes: number; onFieldErrors: (errors: readonly TFieldError[]) => void }) {
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const propose = useMutation({
    mutationFn: () => request('proposeCharter', { charter: draft, ...(note.trim() ? { note: note.trim() } : {}) }),
    onSuccess: async () => {
      onFieldErrors([]);
      setNote('');
      await queryClient.invalidateQueries({ queryKey: ['charterVersions'] });
    },
    onError: (error) => onFieldErrors(error instanceof MessageError ? charterFieldErrors(error.error) : []),
  });
  return (
    <section className="card" aria-labelledby="propose-title">
      <h2 id="propose-title">Propose</h2>
      <form
        className="stacked"
        onSubmit={(e) => {
          e.preventDefault();
          propose.mutate();
        }}
      >
        <label>
          Note for the signers (optional)
          <textarea rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        {changes === 0 && <p className="muted small">The draft is the charter in force as it stands: proposing it renews it for another review period once signed.</p>}
        <button type="submit" className="primary" disabled={propose.isPending}>
          {propose.isPending ? 'Proposing…' : 'Propose this draft'}
        </button>
      </form>
      {propose.error && <ActionError error={propose.error} />}
      {propose.data && (
        <p role="status" className="success">
          Proposed as version {propose.data.version}. It becomes the charter in force once a marketing lead and a sales lead have both signed it.
        </p>
      )}
    </section>
  );
}
