import { LeadPanel } from '../sidebar/LeadPanel';
import { Dialog } from './Dialog';

/** A lead's handover packet, as the sidebar shows it on the lead's CRM record, opened from a drill-down. */
export function PacketDialog({ email, name, onClose }: { email: string; name: string; onClose: () => void }) {
  return (
    <Dialog title={`Handover packet: ${name}`} onClose={onClose}>
      <div className="hs hs-in-page">
        <div className="hs-body">
          <LeadPanel leadRef={{ email }} />
        </div>
      </div>
    </Dialog>
  );
}
