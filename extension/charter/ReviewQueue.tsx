import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorText } from '../components/ErrorText';
import { QueryStatus } from '../components/QueryStatus';
import { request } from '../lib/messaging';
import type { TReviewLead } from '../lib/types';
import { formatDate } from '../ui/format';
import { attemptsBySourceText, attemptsText, EMPTY_QUEUE, REVIEW_COLUMNS, reviewCells } from './review-view';
import { TableHead } from '../components/TableHead';

// The review queue for marginal leads: the MQLs one level short of SQL on one criterion, and
// those from a source with no deal won in a year, with their source's year. RevOps sends one to sales for a single outreach attempt (routed as the
// charter says, marked as such for the rep) or leaves it out until it is scored anew; what the
// single attempts became shows above, to feed the next charter.

function ReviewRow({ lead, onDone }: { lead: TReviewLead; onDone: (words: string) => void }) {
  const queryClient = useQueryClient();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['reviewQueue'] });
  const send = useMutation({
    mutationFn: () => request('sendFromReview', { leadId: lead.leadId, idempotencyKey }),
    onSuccess: (sent) => {
      onDone(`${lead.name} sent to ${sent.owner.name} for one outreach attempt.`);
      void refresh();
    },
  });
  const dismiss = useMutation({
    mutationFn: () => request('dismissFromReview', { leadId: lead.leadId }),
    onSuccess: () => {
      onDone(`${lead.name} left out until scored anew.`);
      void refresh();
    },
  });
  const [name, ...cells] = reviewCells(lead, formatDate);
  const pending = send.isPending || dismiss.isPending;
  return (
    <tr>
      <th scope="row">{name}</th>
      {cells.map((cell, i) => (
        <td key={i}>{cell}</td>
      ))}
      <td>
        <div className="row-actions">
          <button type="button" disabled={pending} onClick={() => send.mutate()}>
            Send for one attempt
          </button>
          <button type="button" className="plain-button" disabled={pending} onClick={() => dismiss.mutate()}>
            Leave out
          </button>
        </div>
        {send.error && <ErrorText error={send.error} />}
        {dismiss.error && <ErrorText error={dismiss.error} />}
      </td>
    </tr>
  );
}

export function ReviewQueue() {
  const queue = useQuery({ queryKey: ['reviewQueue'], queryFn: () => request('getReviewQueue') });
  const [done, setDone] = useState<string | null>(null);
  const data = queue.data;
  return (
    <section className="card" aria-labelledby="review-title">
      <h2 id="review-title">Review queue: marginal leads</h2>
      <QueryStatus query={queue} />
      {data && (
        <p className="muted small">
          MQLs in play that meet every SQL threshold of version {data.charterVersion} but one, missed by one level, or come from a source with no deal won
          in a year: {data.total} in all
          {data.total > data.leads.length ? `, the ${data.leads.length} closest to SQL shown` : ''}. {attemptsText(data.singleAttempts)}
        </p>
      )}
      {data && attemptsBySourceText(data.singleAttempts) && <p className="muted small">{attemptsBySourceText(data.singleAttempts)}</p>}
      {done && (
        <p role="status" className="muted">
          {done}
        </p>
      )}
      {data && data.leads.length === 0 && <p>{EMPTY_QUEUE}</p>}
      {data && data.leads.length > 0 && (
        <div className="table-scroll">
          <table className="data review-table" aria-label="Review queue">
            <TableHead columns={REVIEW_COLUMNS} actions />
            <tbody>
              {data.leads.map((lead) => (
                <ReviewRow key={lead.leadId} lead={lead} onDone={setDone} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
