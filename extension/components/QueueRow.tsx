import type { ReactNode } from 'react';
import { browser } from 'wxt/browser';
import { formatDuration, formatOverdue } from '../../shared/format';
import { formatCountdown, formatWeekdayTime } from '../ui/format';
import { displayLine } from '../../shared/display-text';
import { liveState, remainingAt, STATE_WORDS } from '../lib/queue-view';
import type { TOutboxItem, TQueueItem } from '../lib/types';
import { UserText } from './UserText';

// One open handover in a popup list: the lead (opening its record when the server says
// where), its SLA state in words and its live countdown in business time. Names and details
// are cut to one line (style.css), whole on hover.

export const ACTION_WORDS: Record<TOutboxItem['action']['kind'], string> = { accept: 'Accept', reject: 'Reject', logTouch: 'Touch', assign: 'Hand over', claim: 'Claim' };
const TIER_WORDS: Record<string, string> = { high: 'High intent', medium: 'Medium intent', low: 'Low intent' };

/** Past a day, the running seconds mean nothing: days (and hours, the first days), as shared/format.ts reads them. */
const COUNTED_IN_DAYS_FROM_MS = 24 * 3_600_000;

function countdownWords(left: number): string {
  if (Math.abs(left) >= COUNTED_IN_DAYS_FROM_MS) return left >= 0 ? `${formatDuration(left)} left` : formatOverdue(-left);
  return left >= 0 ? `${formatCountdown(left)} left` : `Overdue by ${formatCountdown(left)}`;
}

function Countdown({ item, fetchedAt, now }: { item: TQueueItem; fetchedAt: number; now: number }) {
  const left = remainingAt(item, fetchedAt, now);
  const state = liveState(item, left);
  if (state === 'met' || state === 'missed') return <span className="countdown muted">First touch logged</span>;
  return (
    <span className="countdown">
      {countdownWords(left)}
      {item.paused && (
        <span className="muted">
          {' '}
          · paused{item.resumesAt ? ` until ${formatWeekdayTime(item.resumesAt)}` : ' outside working hours'}
        </span>
      )}
    </span>
  );
}

/** `showOwner`: in a manager's list, who holds it; `waiting`: the rep's own actions not yet delivered for it; `children`: what can be done about it (the dashboard's actions). */
export function QueueRow({
  item,
  fetchedAt,
  now,
  waiting = [],
  showOwner = false,
  children,
}: {
  item: TQueueItem;
  fetchedAt: number;
  now: number;
  waiting?: TOutboxItem[];
  showOwner?: boolean;
  children?: ReactNode;
}) {
  const state = liveState(item, remainingAt(item, fetchedAt, now));
  // Made absolute and checked (http/https only) by the background.
  const url = item.recordUrl;
  const name = displayLine(item.name);
  const details = [item.title, item.company].map((text) => displayLine(text ?? '')).filter(Boolean).join(' · ');
  return (
    <li className={`row ${state}`}>
      <div className="row-main">
        {url ? (
          <button type="button" className="lead link" title={name} onClick={() => void browser.tabs.create({ url })}>
            <UserText className="clip" text={name} />
          </button>
        ) : (
          <UserText className="lead clip" text={name} hover />
        )}
        <span className={`pill ${state}`}>{STATE_WORDS[state]}</span>
      </div>
      {showOwner && (
        <div className="small owner clip" title={displayLine(item.owner.name)}>
          With <UserText text={item.owner.name} />
        </div>
      )}
      {details && <UserText className="muted small clip" text={details} hover />}
      <div className="row-foot">
        <Countdown item={item} fetchedAt={fetchedAt} now={now} />
        <span className="muted small">{TIER_WORDS[item.tier] ?? item.tier}</span>
      </div>
      {waiting.length > 0 && (
        <div className="sync small">
          Waiting to sync {waiting.length}: {waiting.map((w) => ACTION_WORDS[w.action.kind]).join(', ')}
        </div>
      )}
      {children}
    </li>
  );
}

