import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useNow } from '../components/hooks';
import { QueryStatus } from '../components/QueryStatus';
import { QueueRow } from '../components/QueueRow';
import { request } from '../lib/messaging';
import { liveState, remainingAt } from '../lib/queue-view';
import type { TQueueItem } from '../lib/types';

/** The team's open handovers in warning or breached, the overdue first: who to chase now; `actions` (the dashboard) puts what a manager can do on each. */
export function AtRisk({ actions }: { actions?: (item: TQueueItem) => ReactNode }) {
  const queue = useQuery({ queryKey: ['teamQueue'], queryFn: () => request('getTeamQueue'), refetchInterval: 60_000 });
  const now = useNow(1000);
  const items = queue.data?.items ?? [];
  const fetchedAt = queue.data ? Date.parse(queue.data.fetchedAt) : now;
  const atRisk = items.filter((item) => {
    const state = liveState(item, remainingAt(item, fetchedAt, now));
    return state === 'warning' || state === 'breached';
  });
  const onTrack = items.length - atRisk.length;
  return (
    <section aria-labelledby="risk-heading">
      <h2 id="risk-heading">At risk now</h2>
      <QueryStatus query={queue} />
      {queue.data && atRisk.length === 0 && (
        <p className="muted">No open handover in warning or breached{items.length > 0 ? `; ${items.length} open, on track or touched` : ''}.</p>
      )}
      {atRisk.length > 0 && (
        <>
          <ol className="queue" aria-label="Open handovers in warning or breached, the overdue first">
            {atRisk.map((item) => (
              <QueueRow key={item.handoverId} item={item} fetchedAt={fetchedAt} now={now} showOwner>
                {actions?.(item)}
              </QueueRow>
            ))}
          </ol>
          {onTrack > 0 && <p className="muted small note">{onTrack} more open, on track or touched.</p>}
        </>
      )}
    </section>
  );
}
