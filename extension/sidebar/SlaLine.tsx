import { useEffect, useState } from 'react';
import type { TPacket } from '../lib/types';
import { formatCountdown, formatDateTime, formatWeekdayTime } from '../ui/format';

// The first-contact SLA: its state in words, the business time left (counting down each
// second while the owner's clock runs) and the deadline in the owner's time zone.

const STATE_WORDS = {
  on_track: 'On track',
  warning: 'Warning: 75% of the SLA used',
  breached: 'SLA breached',
  met: 'SLA met',
  missed: 'First touch after the deadline',
  rejected_without_contact: 'Rejected without contact',
} as const;

/** `fetchedAt`: when the server computed `remainingMs`; the countdown runs from there. */
export function SlaLine({ sla, fetchedAt }: { sla: NonNullable<TPacket['handover']>['sla']; fetchedAt: number }) {
  const running = !sla.paused && (sla.state === 'on_track' || sla.state === 'warning');
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  const remaining = sla.remainingMs - (running ? now - fetchedAt : 0);
  const closed = sla.state === 'met' || sla.state === 'missed' || sla.state === 'rejected_without_contact';
  return (
    <div className={`hs-sla ${sla.state}`} aria-live="polite">
      <div>
        {STATE_WORDS[sla.state]}
        {sla.paused && !closed ? ` · paused outside working hours${sla.resumesAt ? `, resumes ${formatWeekdayTime(sla.resumesAt, sla.timeZone)}` : ''}` : ''}
      </div>
      {!closed && (
        <div className="hs-countdown">
          {remaining >= 0 ? `${formatCountdown(remaining)} business time left` : `${formatCountdown(remaining)} overdue`}
        </div>
      )}
      <div className="hs-muted">
        {sla.tier} intent · {sla.businessHours} business hours · due {formatDateTime(sla.deadline, sla.timeZone)} ({sla.timeZone})
      </div>
    </div>
  );
}
