import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { CRITERIA } from '../../../shared/criteria';
import { displayLine } from '../../../shared/display-text';
import { TOUCH_CHANNEL_LABELS, TOUCH_CHANNELS, touchChannelLabel, type TTouchChannel } from '../../../shared/touch-channels';
import { ErrorText } from '../../components/ErrorText';
import { UserText } from '../../components/UserText';
import { formatCountdown, formatDate, formatDateTime, formatPoints, formatWeekdayTime } from '../../ui/format';
import type { TLeadRef } from '../../sites/types';
import { MessageError, request, submitAction, type TActionRequest } from '../../lib/messaging';
import type { TPacket as TPacketResult } from '../../lib/types';

// The handover packet beside the CRM record. Everything from the lead is rendered as text,
// without bidirectional overrides (UserText, displayLine), and long words wrap (style.css).

/** Signals and the timeline quote what the lead viewed (a page's address may run to 2,000 characters): this much, the whole on hover. */
const LABEL_MAX = 160;

const STATE_WORDS = {
  on_track: 'On track',
  warning: 'Warning: 75% of the SLA used',
  breached: 'SLA breached',
  met: 'SLA met',
  missed: 'First touch after the deadline',
  rejected_without_contact: 'Rejected without contact',
} as const;

function Countdown({ sla, fetchedAt }: { sla: NonNullable<TPacketResult['handover']>['sla']; fetchedAt: number }) {
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

function Criteria({ packet }: { packet: TPacketResult }) {
  return (
    <table className="hs-criteria">
      <thead>
        <tr>
          <th scope="col">Criterion</th>
          <th scope="col">Level</th>
          <th scope="col">MQL</th>
          <th scope="col">SQL</th>
        </tr>
      </thead>
      <tbody>
        {CRITERIA.map((name) => {
          const score = packet.evaluation.criteria[name];
          return (
            <tr key={name}>
              <th scope="row">
                <details>
                  <summary>{name[0]!.toUpperCase() + name.slice(1)}</summary>
                  <div className="hs-muted">{displayLine(score.summary)}</div>
                  <ul>
                    {score.signals.map((signal, i) => (
                      <li key={`${signal.rule}-${i}`}>
                        <UserText text={signal.label} max={LABEL_MAX} /> <span className="hs-muted">(+{formatPoints(signal.points)})</span>
                      </li>
                    ))}
                  </ul>
                </details>
              </th>
              <td>
                {score.level.replace('_', ' ')} · {formatPoints(score.points)}
              </td>
              <td className={score.meetsMql ? 'met' : 'unmet'}>{score.thresholds.mql.replace('_', ' ')}</td>
              <td className={score.meetsSql ? 'met' : 'unmet'}>{score.thresholds.sql.replace('_', ' ')}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Actions({ packet }: { packet: TPacketResult }) {
  const queryClient = useQueryClient();
  const [channel, setChannel] = useState<TTouchChannel>('call');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [result, setResult] = useState<string | null>(null);
  const act = useMutation({
    mutationFn: (action: TActionRequest) => submitAction(action),
    onSuccess: (outcome) => {
      setResult(outcome.status === 'delivered' ? 'Saved.' : 'Waiting to sync: the server is unreachable; it will be sent once, as soon as it answers.');
      void queryClient.invalidateQueries({ queryKey: ['packet'] });
    },
  });
  const leadId = packet.lead.id;
  const base = () => ({ leadId, idempotencyKey: crypto.randomUUID() });
  const chosen = packet.rejectionReasons.find((r) => r.id === reason);
  const { may } = packet;

  if (!may.logTouch && !may.decide) {
    return (
      <p className="hs-muted hs-notice">
        {packet.owner ? `${displayLine(packet.owner.name)} owns this lead: only they, their manager or an admin can log touches and decide.` : 'Nobody owns this lead yet: a manager assigns it first.'}
      </p>
    );
  }

  return (
    <section className="hs-actions" aria-label="Actions">
      {may.actingFor && <p className="hs-muted hs-notice">You act for {displayLine(may.actingFor.name)}: it is recorded as on their behalf.</p>}
      {may.logTouch && (
        <div className="hs-row">
          <label className="hs-muted" htmlFor="hs-channel">
            Channel
          </label>
          <select id="hs-channel" value={channel} onChange={(e) => setChannel(e.target.value as typeof channel)}>
            {TOUCH_CHANNELS.map((id) => (
              <option key={id} value={id}>
                {TOUCH_CHANNEL_LABELS[id]}
              </option>
            ))}
          </select>
          <button type="button" className="hs-touch" disabled={act.isPending} onClick={() => act.mutate({ ...base(), kind: 'logTouch', channel, at: new Date().toISOString() })}>
            Log touch
          </button>
        </div>
      )}
      {may.decide && (
        <>
          <button type="button" className="hs-accept" disabled={act.isPending} onClick={() => act.mutate({ ...base(), kind: 'accept' })}>
            Accept
          </button>
          <label htmlFor="hs-reason">Rejection reason</label>
          <select id="hs-reason" value={reason} onChange={(e) => setReason(e.target.value)}>
            <option value="">Choose a reason…</option>
            {packet.rejectionReasons.map((r) => (
              <option key={r.id} value={r.id}>
                {r.label}
              </option>
            ))}
          </select>
          <label htmlFor="hs-note">Note{chosen?.noteRequired ? ' (required)' : ''}</label>
          <textarea id="hs-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
          <button
            type="button"
            className="hs-reject"
            disabled={act.isPending || !chosen || (chosen.noteRequired && !note.trim())}
            onClick={() => act.mutate({ ...base(), kind: 'reject', reason, note: note.trim() || undefined })}
          >
            Reject
          </button>
        </>
      )}
      {act.error && <ErrorText error={act.error} className="hs-error" />}
      {result && !act.error && <p role="status">{result}</p>}
    </section>
  );
}

/** `onRecord`: the page is the lead's CRM record already, so no link to it. */
function Packet({ packet, fetchedAt, onRecord }: { packet: TPacketResult; fetchedAt: number; onRecord: boolean }) {
  const { lead, evaluation } = packet;
  const name = displayLine([lead.firstName, lead.lastName].filter(Boolean).join(' ')) || lead.email;
  const details = [lead.title, lead.company?.name].map((text) => displayLine(text ?? '')).filter(Boolean).join(' · ');
  return (
    <>
      <section aria-label="Lead">
        <div className="hs-name">
          <UserText className="hs-clamp" text={name} hover />
        </div>
        <div className="hs-muted">
          <UserText className="hs-clamp" text={details} hover />
        </div>
        <div>
          <span className={`hs-badge ${evaluation.stage.stage}`}>{evaluation.stage.stage.toUpperCase()}</span>{' '}
          <span className="hs-muted">{displayLine(evaluation.stage.reason)}</span>
        </div>
        {packet.owner && (
          <div className="hs-muted hs-clamp" title={displayLine(packet.owner.name)}>
            Owner: <UserText text={packet.owner.name} />
          </div>
        )}
        {lead.recordUrl && !onRecord && (
          <a className="hs-open" href={lead.recordUrl} target="_blank" rel="noopener noreferrer">
            Open the record
          </a>
        )}
      </section>
      {packet.handover && (
        <section aria-label="SLA">
          <h3>First-contact SLA</h3>
          <Countdown sla={packet.handover.sla} fetchedAt={fetchedAt} />
          {packet.responseTime && <p className="hs-muted">{packet.responseTime.text}</p>}
        </section>
      )}
      {packet.decision && (
        <section aria-label="Decision">
          <h3>Decision</h3>
          <p>
            {packet.decision.kind === 'accepted' ? 'Accepted' : `Rejected: ${displayLine(packet.rejectionReasons.find((r) => r.id === packet.decision!.reasonId)?.label ?? packet.decision.reasonId ?? '')}`}{' '}
            by {displayLine(packet.decision.decidedBy.name)}
            {packet.decision.onBehalfOf ? ` for ${displayLine(packet.decision.onBehalfOf.name)}` : ''}
          </p>
        </section>
      )}
      <Actions packet={packet} />
      <section aria-label="Criteria">
        <h3>Fit · Engagement · Intent · Authority</h3>
        <Criteria packet={packet} />
      </section>
      <section aria-label="Talking points">
        <h3>Talking points</h3>
        <ul>
          {packet.talkingPoints.map((point) => (
            <li key={point.id}>
              {displayLine(point.text)}
              {point.question && <div className="hs-muted">Ask: {displayLine(point.question)}</div>}
            </li>
          ))}
        </ul>
      </section>
      {packet.touches.length > 0 && (
        <section aria-label="Touches">
          <h3>Touches</h3>
          <ul>
            {packet.touches.map((touch) => (
              <li key={touch.id}>
                {touchChannelLabel(touch.channel)} by {displayLine(touch.by.name)} <span className="hs-muted">{formatDateTime(touch.at)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-label="Timeline">
        <h3>Timeline</h3>
        {packet.timeline.length === 0 ? (
          <p className="hs-muted">No marketing activity recorded yet.</p>
        ) : (
          <ul>
            {packet.timeline.slice(0, 12).map((item) => (
              <li key={item.eventId}>
                <UserText text={item.label} max={LABEL_MAX} /> <span className="hs-muted">{formatDate(item.at)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** The packet for the lead the page names, or one the rep looks up; keyed by that lead, so a new page starts afresh. */
function LeadPanel({ leadRef }: { leadRef: TLeadRef | null }) {
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<TLeadRef | null>(null);
  const ref = chosen ?? leadRef;
  const packet = useQuery({
    queryKey: ['packet', ref?.crm, ref?.recordId, ref?.email],
    enabled: ref !== null,
    queryFn: async () => ({ packet: await request('getPacket', { crm: ref!.crm, recordId: ref!.recordId, email: ref!.email }), fetchedAt: Date.now() }),
    // Back on the tab (after connecting in the options, or a while away): the packet as it is now.
    refetchOnWindowFocus: true,
  });
  const notSignedIn = packet.error instanceof MessageError && packet.error.error.code === 'NOT_SIGNED_IN';
  const others = [leadRef?.email, ...(leadRef?.alternatives ?? [])].filter((email): email is string => !!email && email !== ref?.email);

  return (
    <>
      {!ref && <p>No lead on this page.</p>}
      {packet.isLoading && <p role="status">Loading the handover packet…</p>}
      {packet.error && <ErrorText error={packet.error} className="hs-error" />}
      {notSignedIn && (
        <button type="button" className="hs-find" onClick={() => void request('openOptions')}>
          Open the options to connect
        </button>
      )}
      {packet.data && <Packet packet={packet.data.packet} fetchedAt={packet.data.fetchedAt} onRecord={ref === leadRef && Boolean(leadRef?.recordId)} />}
      {leadRef?.alternatives && others.length > 0 && (
        <section aria-label="Other addresses on this page">
          <h3>Other addresses on this page</h3>
          <ul className="hs-alternatives">
            {others.map((email) => (
              <li key={email}>
                <button type="button" className="hs-link" onClick={() => setChosen({ email })}>
                  <UserText text={email} />
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {((packet.error && !notSignedIn) || !ref) && (
        <form
          className="hs-row"
          onSubmit={(event) => {
            event.preventDefault();
            if (search.trim()) setChosen({ email: search.trim() });
          }}
        >
          <input aria-label="Find a lead by e-mail" type="email" placeholder="lead@company.com" value={search} onChange={(e) => setSearch(e.target.value)} />
          <button type="submit" className="hs-find">
            Find
          </button>
        </form>
      )}
    </>
  );
}

/** The keyboard shortcut, as the page saw it: `enter` from the page, `leave` from inside the sidebar; `seq` tells one press from the next. */
export interface TSidebarCommand {
  action: 'enter' | 'leave';
  seq: number;
}

export function Sidebar({ leadRef, command = null }: { leadRef: TLeadRef | null; command?: TSidebarCommand | null }) {
  // Open beside a lead, folded away on the CRM's other pages, until the rep chooses.
  const [chosenOpen, setOpen] = useState<boolean | null>(null);
  const open = chosenOpen ?? leadRef !== null;
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
  return (
    <aside className={`hs${open ? '' : ' hs-collapsed'}`} aria-label="Handshake">
      <div className="hs-head">
        <h2>Handshake</h2>
        <button ref={toggle} type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
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
