import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorText } from '../components/ErrorText';
import { request, submitAction } from '../lib/messaging';
import type { TPacket } from '../lib/types';

// An MQL nobody holds yet: a manager hands it to a rep of theirs, a rep claims it when the
// charter allows (packet.may.assign / may.claim). Either opens a handover on the charter's
// MQL tier; it goes through the outbox like every action, its key made at the click.

export function HandOver({ packet }: { packet: TPacket }) {
  const queryClient = useQueryClient();
  const { may } = packet;
  const [repId, setRepId] = useState('');
  const reps = useQuery({ queryKey: ['team-reps'], enabled: may.assign, queryFn: () => request('getTeamReps') });
  const [result, setResult] = useState<string | null>(null);
  const handOver = useMutation({
    mutationFn: (action: { kind: 'assign'; repId: string } | { kind: 'claim' }) =>
      submitAction({ ...action, leadId: packet.lead.id, idempotencyKey: crypto.randomUUID(), leadName: leadName(packet) }),
    onSuccess: (outcome) => {
      setResult(outcome.status === 'delivered' ? 'Handed over.' : 'Waiting to sync: the server is unreachable; it will be sent once, as soon as it answers.');
      void queryClient.invalidateQueries({ queryKey: ['packet'] });
    },
  });

  return (
    <section className="hs-actions" aria-label="Hand over">
      <p className="hs-muted hs-notice">
        {may.assign ? 'Nobody holds this MQL yet: hand it to a rep, and their first-contact SLA starts.' : 'Nobody holds this MQL yet: claim it, and your first-contact SLA starts.'}
      </p>
      {may.assign && (
        <div className="hs-row">
          <label className="hs-muted" htmlFor="hs-rep">
            Rep
          </label>
          <select id="hs-rep" value={repId} onChange={(e) => setRepId(e.target.value)}>
            <option value="">Choose a rep…</option>
            {(reps.data ?? []).map((rep) => (
              <option key={rep.id} value={rep.id}>
                {rep.name}
              </option>
            ))}
          </select>
          <button type="button" className="hs-accept" disabled={!repId || handOver.isPending} onClick={() => handOver.mutate({ kind: 'assign', repId })}>
            Hand over
          </button>
        </div>
      )}
      {may.claim && (
        <button type="button" className="hs-accept" disabled={handOver.isPending} onClick={() => handOver.mutate({ kind: 'claim' })}>
          Claim
        </button>
      )}
      {reps.error && <ErrorText error={reps.error} className="hs-error" />}
      {handOver.error && <ErrorText error={handOver.error} className="hs-error" />}
      {result && !handOver.error && <p role="status">{result}</p>}
    </section>
  );
}

function leadName(packet: TPacket): string {
  return [packet.lead.firstName, packet.lead.lastName].filter(Boolean).join(' ') || packet.lead.email;
}
