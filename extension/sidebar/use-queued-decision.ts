import { useQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { request } from '../lib/messaging';
import { isHeld } from '../lib/outbox';
import type { TOutboxItem, TPacket } from '../lib/types';
import type { THeldDecision } from './PendingDecision';

// A decision on this lead still in the outbox when the sidebar opens (the rep clicked, then
// moved on and came back, or the server was unreachable): the packet shows it as taken, not
// the buttons again. Held: with its seconds left and Undo; past its window: waiting to sync.

type TDecisionItem = TOutboxItem & { action: { kind: 'accept' | 'reject' } };

const isDecision = (item: TOutboxItem): item is TDecisionItem => !item.failed && (item.action.kind === 'accept' || item.action.kind === 'reject');

export function useQueuedDecision(leadId: string, enabled: boolean, reasons: TPacket['rejectionReasons']) {
  const [settled, setSettled] = useState<ReadonlySet<string>>(new Set());
  const queued = useQuery({
    queryKey: ['pending', leadId],
    enabled,
    queryFn: async () => {
      const now = new Date();
      return (await request('getPending', { leadId })).filter(isDecision).map((item) => ({ item, held: isHeld(item, now) }));
    },
  });
  const first = queued.data?.find(({ item }) => !settled.has(item.action.idempotencyKey));
  const forget = useCallback((key: string) => setSettled((keys) => new Set([...keys, key])), []);
  const held: THeldDecision | null =
    first?.held && first.item.notBefore
      ? {
          kind: first.item.action.kind,
          idempotencyKey: first.item.action.idempotencyKey,
          until: first.item.notBefore,
          ...(first.item.action.kind === 'reject' ? { reason: reasons.find((r) => r.id === (first.item.action as { reason: string }).reason)?.label } : {}),
        }
      : null;
  return { held, waiting: first && !first.held ? first.item : null, forget };
}
