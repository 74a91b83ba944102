import { useEffect, useState } from 'react';
import { displayLine } from '../../shared/display-text';
import type { TPacket } from '../lib/types';
import { formatCountdown, formatZonedTime } from '../ui/format';

// The first-contact SLA in one state, as the server reads it (`sla.line`: a countdown, a
// breach or a stopped clock; every time with its zone). Only while the owner's clock runs
// does a figure move: the business time left counting down, or, breached in working hours,
// the time overdue counting up. Paused, breached outside working hours or stopped, the
// packet's line stands as it is.

type TSla = NonNullable<TPacket['handover']>['sla'];

/** Past a day overdue the server says so in words; a ticking count of hours would not help. */
const OVERDUE_TICKS_UP_TO_MS = 24 * 3_600_000;

/** Which figure runs now, from where: null when the clock does not run. */
function runningFigure(sla: TSla, ownersClockRuns: boolean): { kind: 'left' | 'overdue'; fromMs: number } | null {
  if ((sla.state === 'on_track' || sla.state === 'warning') && !sla.paused && sla.leftMs !== null) return { kind: 'left', fromMs: sla.leftMs };
  if (sla.state === 'breached' && ownersClockRuns && sla.overdueMs !== null && sla.overdueMs < OVERDUE_TICKS_UP_TO_MS) return { kind: 'overdue', fromMs: sla.overdueMs };
  return null;
}

/**
 * `fetchedAt`: when the server read the SLA; a running figure runs from there.
 * `ownersClockRuns`: the owner is in working hours now (the packet's response-time figure
 * says so for an open handover); a breach only grows then.
 */
export function SlaLine({ sla, fetchedAt, ownersClockRuns }: { sla: TSla; fetchedAt: number; ownersClockRuns: boolean }) {
  const figure = runningFigure(sla, ownersClockRuns);
  const runs = figure !== null;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!runs) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [runs]);
  if (!figure) {
    return (
      <div className={`hs-sla ${sla.state}`} aria-live="polite">
        {displayLine(sla.line)}
      </div>
    );
  }
  const elapsed = Math.max(0, now - fetchedAt);
  const due = formatZonedTime(sla.deadline, sla.timeZone);
  const whose = sla.clockFollows.since ? ` · in ${displayLine(sla.clockFollows.name)}’s hours since ${formatZonedTime(sla.clockFollows.since, sla.timeZone)}` : '';
  return (
    <div className={`hs-sla ${sla.state}`} aria-live="off">
      <div className="hs-countdown">
        {figure.kind === 'left' ? `${formatCountdown(Math.max(0, figure.fromMs - elapsed))} left` : `${formatCountdown(figure.fromMs + elapsed)} overdue`}
      </div>
      <div className="hs-sla-words">
        {figure.kind === 'left' ? `${sla.state === 'warning' ? 'Warning: 75% used' : 'On track'} · first touch due ${due}, in business hours` : `Breached · first touch was due ${due}`}
        {whose}
      </div>
    </div>
  );
}
