import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { browser } from 'wxt/browser';
import { formatDuration } from '../../../shared/format';
import { ask, type TOutputs } from '../../lib/protocol';

type TRepRow = TOutputs['stats']['reps']['reps'][number];

async function unwrap<T>(reply: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const result = await reply;
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const STATE_WORDS = { on_track: 'on track', warning: 'warning', breached: 'breached', met: 'met', missed: 'missed', rejected_without_contact: 'rejected' } as const;
const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);
const hours = (ms: number | null) => (ms === null ? '—' : formatDuration(ms));

function Queue() {
  const queue = useQuery({ queryKey: ['queue'], queryFn: () => unwrap(ask('queue', null)), refetchInterval: 60_000 });
  const pending = useQuery({ queryKey: ['pending'], queryFn: () => unwrap(ask('pending', {})) });
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (queue.error) return <p role="alert">{queue.error.message}</p>;
  if (!queue.data) return <p role="status">Loading your queue…</p>;
  const elapsed = now - queue.dataUpdatedAt;
  return (
    <section aria-label="My queue">
      <h2>My open handovers, soonest deadline first</h2>
      {pending.data && pending.data.length > 0 && <p className="muted">Waiting to sync: {pending.data.length}</p>}
      {queue.data.length === 0 ? (
        <p>Nothing waiting for you.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Lead</th>
              <th scope="col">SLA</th>
              <th scope="col">Business time left</th>
            </tr>
          </thead>
          <tbody>
            {queue.data.map((item) => {
              const left = item.remainingMs - (item.paused || item.state === 'breached' ? 0 : elapsed);
              return (
                <tr key={item.handoverId}>
                  <td>
                    {item.name}
                    <div className="muted">{[item.title, item.company].filter(Boolean).join(' · ')}</div>
                  </td>
                  <td className={item.state}>
                    {STATE_WORDS[item.state]}
                    {item.paused ? ' (paused)' : ''}
                  </td>
                  <td>{left >= 0 ? formatDuration(left) : `${formatDuration(-left)} overdue`}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

type TSortKey = 'name' | 'accepted' | 'rejected' | 'acceptanceRate' | 'slaMetRate' | 'median' | 'p75';
const SORT_VALUE: Record<TSortKey, (row: TRepRow) => string | number> = {
  name: (r) => r.name,
  accepted: (r) => r.accepted,
  rejected: (r) => r.rejected,
  acceptanceRate: (r) => r.acceptanceRate ?? -1,
  slaMetRate: (r) => r.slaMetRate ?? -1,
  median: (r) => r.firstTouchBusinessMs.median ?? Number.MAX_SAFE_INTEGER,
  p75: (r) => r.firstTouchBusinessMs.p75 ?? Number.MAX_SAFE_INTEGER,
};

function AcceptanceChart({ rows }: { rows: TRepRow[] }) {
  const width = 520;
  const barHeight = 14;
  const labelWidth = 130;
  const scale = (rate: number) => (rate * (width - labelWidth - 40)) | 0;
  return (
    <svg role="img" aria-label="Acceptance rate by rep, against the 70% target" width={width} height={rows.length * (barHeight + 6) + 4}>
      {rows.map((row, i) => (
        <g key={row.repId} transform={`translate(0, ${i * (barHeight + 6)})`}>
          <text x={0} y={barHeight - 3} fontSize={11}>
            {row.name}
          </text>
          <rect className="bar" x={labelWidth} y={0} height={barHeight} width={scale(row.acceptanceRate ?? 0)} />
          <text x={labelWidth + scale(row.acceptanceRate ?? 0) + 4} y={barHeight - 3} fontSize={11}>
            {percent(row.acceptanceRate)}
          </text>
        </g>
      ))}
      <line className="target" x1={labelWidth + scale(0.7)} x2={labelWidth + scale(0.7)} y1={0} y2={rows.length * (barHeight + 6)} />
    </svg>
  );
}

function Team() {
  const [from, setFrom] = useState(() => new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10));
  const [to, setTo] = useState(() => new Date().toISOString().slice(0, 10));
  const [sort, setSort] = useState<{ key: TSortKey; descending: boolean }>({ key: 'name', descending: false });
  const range = { from: `${from}T00:00:00Z`, to: new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString() };
  const reps = useQuery({ queryKey: ['reps', range], queryFn: () => unwrap(ask('repStats', range)) });
  const funnel = useQuery({ queryKey: ['funnel', range], queryFn: () => unwrap(ask('funnel', range)) });
  const rows = useMemo(() => {
    const value = SORT_VALUE[sort.key];
    const sorted = [...(reps.data?.reps ?? [])].sort((a, b) => (value(a) < value(b) ? -1 : value(a) > value(b) ? 1 : 0));
    return sort.descending ? sorted.reverse() : sorted;
  }, [reps.data, sort]);

  const header = (key: TSortKey, label: string) => (
    <th scope="col" aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
      <button type="button" onClick={() => setSort({ key, descending: sort.key === key ? !sort.descending : key !== 'name' })}>
        {label}
      </button>
    </th>
  );

  return (
    <section aria-label="Team">
      <div className="range">
        <label>
          From <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      <h2>Acceptance by rep</h2>
      {reps.error && <p role="alert">{reps.error.message}</p>}
      {reps.data && (
        <>
          <table>
            <thead>
              <tr>
                {header('name', 'Rep')}
                {header('accepted', 'Accepted')}
                {header('rejected', 'Rejected')}
                {header('acceptanceRate', 'Rate')}
                {header('slaMetRate', 'SLA met')}
                {header('median', 'Median')}
                {header('p75', 'p75')}
                <th scope="col">Top reasons</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.repId}>
                  <th scope="row">{row.name}</th>
                  <td>{row.accepted}</td>
                  <td>{row.rejected}</td>
                  <td>{percent(row.acceptanceRate)}</td>
                  <td>{percent(row.slaMetRate)}</td>
                  <td>{hours(row.firstTouchBusinessMs.median)}</td>
                  <td>{hours(row.firstTouchBusinessMs.p75)}</td>
                  <td className="muted">{row.topReasons.map((r) => `${r.label} (${r.count})`).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">Time to first touch in business hours. Target acceptance: 70% (dashed line).</p>
          <AcceptanceChart rows={rows} />
        </>
      )}
      <h2>Funnel by source</h2>
      {funnel.error && <p role="alert">{funnel.error.message}</p>}
      {funnel.data && (
        <table>
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Leads</th>
              <th scope="col">MQL</th>
              <th scope="col">SQL</th>
              <th scope="col">Accepted</th>
              <th scope="col">Opp.</th>
              <th scope="col">Won</th>
            </tr>
          </thead>
          <tbody>
            {[...funnel.data.groups, funnel.data.total].map((row) => (
              <tr key={row === funnel.data.total ? '(total)' : row.key}>
                <th scope="row">{row === funnel.data.total ? 'Total' : row.key}</th>
                <td>{row.leads}</td>
                <td>
                  {row.mqls} <span className="muted">{percent(row.rates.leadToMql)}</span>
                </td>
                <td>
                  {row.sqls} <span className="muted">{percent(row.rates.mqlToSql)}</span>
                </td>
                <td>
                  {row.accepted} <span className="muted">{percent(row.rates.sqlToAccepted)}</span>
                </td>
                <td>{row.opportunities}</td>
                <td>{row.won}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function Popup() {
  const session = useQuery({ queryKey: ['session'], queryFn: () => unwrap(ask('session', null)) });
  // Opening the popup syncs at once rather than at the next minute alarm.
  useEffect(() => {
    if (session.data) void ask('sync', null);
  }, [session.data]);
  if (session.isLoading) return <main role="status">Loading…</main>;
  if (!session.data) {
    return (
      <main>
        <h1>Handshake</h1>
        <p>Not connected to a Handshake server.</p>
        <button type="button" className="link" onClick={() => void browser.runtime.openOptionsPage()}>
          Open the options to connect
        </button>
      </main>
    );
  }
  const { user } = session.data;
  return (
    <main>
      <h1>
        Handshake · {user.name} <span className="muted">({user.role})</span>
      </h1>
      {user.role === 'rep' ? <Queue /> : <Team />}
    </main>
  );
}
