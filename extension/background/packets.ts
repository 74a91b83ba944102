import { resolveRecordUrl } from '../lib/queue-view';
import type { TLeadRef, TPacket } from '../lib/types';
import { ExtensionError, toApiError } from './api';
import type { TSignedIn } from './session';

// The handover packet for the lead a page names.

/** By the CRM record the page names, falling back to its e-mail when the record is unknown; else by e-mail. */
async function findPacket({ api }: TSignedIn, ref: TLeadRef): Promise<TPacket> {
  if (ref.crm && ref.recordId) {
    try {
      return await api.packet.get.query({ crm: ref.crm, recordId: ref.recordId });
    } catch (error) {
      if (!ref.email || toApiError(error).code !== 'NOT_FOUND') throw error;
    }
  }
  if (!ref.email) throw new ExtensionError('NOT_FOUND', 'No lead on this page.');
  return api.packet.get.query({ email: ref.email });
}

/** The packet, its record link made absolute against the server (a demo server's are paths on it) and http(s) only. */
export async function getPacket(signedIn: TSignedIn, ref: TLeadRef): Promise<TPacket> {
  const packet = await findPacket(signedIn, ref);
  return { ...packet, lead: { ...packet.lead, recordUrl: resolveRecordUrl(packet.lead.recordUrl, signedIn.serverUrl) } };
}
