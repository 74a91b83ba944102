import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorText } from '../components/ErrorText';
import { useNow, useRefetchOnOutboxChange } from '../components/hooks';
import { ACTION_WORDS, QueueRow } from '../components/QueueRow';
import { UserText } from '../components/UserText';
import { describeError } from '../ui/errors';
import { formatClock } from '../ui/format';
import { request } from '../lib/messaging';
import { summarize } from '../lib/outbox';
import type { TOutboxItem, TUser } from '../lib/types';

// The rep's open handovers, soonest deadline first, each counting down in business time.

function Outbox({ items, names }: { items: TOutboxItem[]; names: Map<string, string> }) {
  const queryClient = useQueryClient();
  const dismiss = useMutation({
    mutationFn: (idempotencyKey: string) => request('dismissPending', { idempotencyKey }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['pending'] }),
  });
  const waiting = items.filter((item) => !item.failed);
  const failed = items.filter((item) => item.failed);
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="outbox-heading" className="outbox">
      <h2 id="outbox-heading">Not yet on the server</h2>
      {waiting.length > 0 && (
        <p role="status" className="sync">
          {waiting.length === 1 ? '1 action' : `${waiting.length} actions`} waiting to sync. They are sent once, as soon as the server answers.
        </p>
      )}
      {failed.length > 0 && (
        <ul className="plain">
          {failed.map((item) => (
            <li key={item.action.idempotencyKey} className="failed">
              <span>
                <strong>{ACTION_WORDS[item.action.kind]}</strong> for <UserText text={item.leadName ?? names.get(item.action.leadId) ?? 'a lead'} /> was not delivered: {describeError(item.failed!)}
              </span>
              <button type="button" className="plain-button small" onClick={() => dismiss.mutate(item.action.idempotencyKey)}>
                Dismiss
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function RepQueue({ user }: { user: TUser }) {
  const queue = useQuery({ queryKey: ['queue'], queryFn: () => request('getQueue'), refetchInterval: 60_000 });
  const pending = useQuery({ queryKey: ['pending'], queryFn: () => request('getPending', {}) });
  useRefetchOnOutboxChange([['pending'], ['queue']]);
  const now = useNow(1000);

  const outbox = summarize(pending.data ?? [], user.id);
  const mine = (pending.data ?? []).filter((item) => item.userId === user.id);
  const names = new Map((queue.data?.items ?? []).map((item) => [item.leadId, item.name]));

  return (
    <section aria-labelledby="queue-heading" className="pad">
      <div className="section-head">
        <h1 id="queue-heading">My queue</h1>
        {queue.data && (
          <span className="muted small">{queue.data.stale ? `Offline · as of ${formatClock(new Date(queue.data.fetchedAt))}` : queue.data.items.length === 0 ? 'Nothing open' : `${queue.data.items.length} open · soonest deadline first`}</span>
        )}
      </div>
      {queue.data?.stale && <ErrorText error={queue.data.stale} className="warning-text" />}
      <Outbox items={mine} names={names} />
      {queue.isPending && (
        <p role="status" className="muted">
          Loading your queue…
        </p>
      )}
      {queue.error && <ErrorText error={queue.error} />}
      {queue.data && queue.data.items.length === 0 && <p className="empty muted">No open handovers. You are all caught up.</p>}
      {queue.data && queue.data.items.length > 0 && (
        <ol className="queue" aria-label="Open handovers, soonest deadline first">
          {queue.data.items.map((item) => (
            <QueueRow key={item.handoverId} item={item} fetchedAt={Date.parse(queue.data.fetchedAt)} now={now} waiting={outbox.byLead.get(item.leadId)?.waiting ?? []} />
          ))}
        </ol>
      )}
    </section>
  );
}
