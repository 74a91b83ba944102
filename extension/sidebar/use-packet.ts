import { useQuery } from '@tanstack/react-query';
import { MessageError, request } from '../lib/messaging';
import type { TLeadRef } from '../lib/types';

/** The handover packet for `ref`, with when it came (the SLA figure runs from there). One cache entry per lead: the shell and the panel share it. */
export function usePacket(ref: TLeadRef | null) {
  return useQuery({
    queryKey: ['packet', ref?.crm, ref?.recordId, ref?.email],
    enabled: ref !== null,
    queryFn: async () => ({ packet: await request('getPacket', { crm: ref!.crm, recordId: ref!.recordId, email: ref!.email }), fetchedAt: Date.now() }),
    // Back on the tab (after connecting in the options, or a while away): the packet as it is now.
    refetchOnWindowFocus: true,
  });
}

/** Handshake has no lead for what the page names: not a failure, most people a rep reads mail from are not leads. */
export function isUnknownLead(error: unknown): error is MessageError {
  return error instanceof MessageError && error.error.code === 'NOT_FOUND';
}
