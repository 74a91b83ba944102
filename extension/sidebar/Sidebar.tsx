import { useEffect, useRef, useState } from 'react';
import type { TSidebarCommand } from '../lib/sidebar-ui';
import type { TLeadRef } from '../lib/types';
import { LeadPanel } from './LeadPanel';
import { isUnknownLead, usePacket } from './use-packet';

// The sidebar beside the CRM page: a header that folds it away or opens it (by click or by
// the keyboard shortcut), and the lead's panel when open. Hide and Show by hand are told
// (`onHiddenByHand`) to be remembered per site: where the rep hid it, it starts folded (`hiddenOnSite`).
// On a mail site (`mail`) most senders are not leads: it stays folded, a quiet pill, until the
// packet says the sender is one.

export type { TSidebarCommand };

export function Sidebar({
  leadRef,
  command = null,
  hiddenOnSite = false,
  onHiddenByHand,
  mail = false,
}: {
  leadRef: TLeadRef | null;
  command?: TSidebarCommand | null;
  hiddenOnSite?: boolean;
  onHiddenByHand?: (hidden: boolean) => void;
  mail?: boolean;
}) {
  // Open beside a lead, folded away on the CRM's other pages or where the rep hid it, until the rep chooses.
  const [chosenOpen, setOpen] = useState<boolean | null>(null);
  // The same cache entry LeadPanel reads: asked once.
  const probe = usePacket(mail ? leadRef : null);
  const notALead = mail && isUnknownLead(probe.error);
  const byItself = leadRef !== null && !hiddenOnSite && !notALead;
  // On mail, while the packet of a new sender is on its way, it stays as the last answer left
  // it (folded before the first), so moving from one lead's message to the next does not flicker.
  const [lastAnswer, setLastAnswer] = useState(false);
  if (mail && probe.isFetched && lastAnswer !== byItself) setLastAnswer(byItself);
  const open = chosenOpen ?? (mail && leadRef !== null && !probe.isFetched ? lastAnswer : byItself);
  const toggle = useRef<HTMLButtonElement>(null);
  // A new press of the shortcut opens or folds it (state adjusted while rendering, as React
  // advises for a change of props), then moves the focus.
  const [handledSeq, setHandledSeq] = useState(0);
  if (command && command.seq !== handledSeq) {
    setHandledSeq(command.seq);
    setOpen(command.action === 'enter');
  }
  useEffect(() => {
    if (command?.action === 'enter') toggle.current?.focus();
    else if (command?.action === 'leave') toggle.current?.blur();
  }, [command]);
  const toggleByHand = () => {
    setOpen(!open);
    onHiddenByHand?.(open);
  };
  return (
    <aside className={`hs${open ? '' : ' hs-collapsed'}`} aria-label="Handshake">
      <div className="hs-head">
        <h2>Handshake</h2>
        {notALead && !open && <span className="hs-muted">Not a lead</span>}
        <button ref={toggle} type="button" aria-expanded={open} onClick={toggleByHand}>
          {open ? 'Hide' : 'Show'}
        </button>
      </div>
      {open && (
        <div className="hs-body">
          <LeadPanel key={JSON.stringify(leadRef)} leadRef={leadRef} />
        </div>
      )}
    </aside>
  );
}
