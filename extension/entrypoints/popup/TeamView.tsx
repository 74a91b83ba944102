import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { ErrorText } from '../../components/ErrorText';
import { useNow } from '../../components/hooks';
import { QueryStatus } from '../../components/QueryStatus';
import { QueueRow } from '../../components/QueueRow';
import { UserText } from '../../components/UserText';
import { displayLine, truncateText } from '../../../shared/display-text';
import { defaultDates, formatBusinessDuration, formatRate, rangeFromDates } from '../../ui/format';
import { request } from '../../lib/messaging';
import { liveState, remainingAt } from '../../lib/queue-view';
import { nextSort, repCells, sortRows, type TRepColumn, type TSort } from '../../ui/stats-view';
import type { TFunnelGroupBy, TFunnelRow, TRepRow, TRepStats } from '../../lib/types';

// The manager's view: per-rep acceptance over a date range, sortable, with a chart of the
// acceptance rate per rep against the 70% target, and the funnel by source.

const ACCEPTANCE_TARGET = 0.7;

const COLUMNS: readonly { column: TRepColumn; label: string; numeric: boolean }[] = [
  { column: 'name', label: 'Rep', numeric: false },
  { column: 'accepted', label: 'Accepted', numeric: true },
  { column: 'rejected', label: 'Rejected', numeric: true },
  { column: 'acceptanceRate', label: 'Rate', numeric: true },
  { column: 'slaMetRate', label: 'SLA met', numeric: true },
  { column: 'firstTouchMedian', label: 'Median', numeric: true },
  { column: 'firstTouchP75', label: 'p75', numeric: true },
];

function Figures({ stats }: { stats: TRepStats }) {
  const { total } = stats;
  const below = total.acceptanceRate !== null && total.acceptanceRate < ACCEPTANCE_TARGET;
  return (
    <dl className="figures">
      <div>
        <dt>Handovers</dt>
        <dd>{total.handovers}</dd>
        <dd className="small muted">{total.undecided} undecided</dd>
      </div>
      <div className={below ? 'below' : undefined}>
        <dt>Acceptance</dt>
        <dd>{formatRate(total.acceptanceRate)}</dd>
        <dd className="small muted">target 70%</dd>
      </div>
      <div>
        <dt>SLA met</dt>
        <dd>{formatRate(total.slaMetRate)}</dd>
        <dd className="small muted">
          {total.slaMet} of {total.slaDue} due
        </dd>
      </div>
      <div>
        <dt>First touch</dt>
        <dd>{formatBusinessDuration(total.firstTouchBusinessMs.median)}</dd>
        <dd className="small muted">median, business time</dd>
      </div>
    </dl>
  );
}

function RepTable({ rows, sort, onSort, labelledBy }: { rows: TRepRow[]; sort: TSort; onSort: (column: TRepColumn) => void; labelledBy: string }) {
  return (
    <table aria-labelledby={labelledBy} className="data">
      <thead>
        <tr>
          {COLUMNS.map(({ column, label, numeric }) => (
            <th key={column} scope="col" className={numeric ? 'num' : undefined} aria-sort={sort.column === column ? sort.direction : 'none'}>
              <button type="button" className="sort" onClick={() => onSort(column)}>
                {label}
                <span aria-hidden="true" className="arrow">
                  {sort.column === column ? (sort.direction === 'ascending' ? '▲' : '▼') : ''}
                </span>
              </button>
            </th>
          ))}
          <th scope="col">Top reasons</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const [name, ...cells] = repCells(row);
          return (
            <tr key={row.repId}>
              <th scope="row">
                <UserText className="clip" text={name} hover />
              </th>
              {cells.map((cell, i) => (
                <td key={COLUMNS[i + 1]?.column ?? 'reasons'} className={i < COLUMNS.length - 1 ? 'num' : 'reasons'}>
                  {cell}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Horizontal bars, one per rep, with the 70% target as a dashed line. Plain SVG, which cuts no text itself: a long name is shortened, whole on hover, and clipped to its column. */
function AcceptanceChart({ rows }: { rows: TRepRow[] }) {
  const titleId = useId();
  const width = 720;
  const label = 150;
  const value = 48;
  const bar = 16;
  const gap = 8;
  const plot = width - label - value;
  const height = rows.length * (bar + gap) + 18;
  const x = (rate: number) => label + Math.round(Math.min(1, Math.max(0, rate)) * plot);
  // An id usable in url(#…): useId's own may hold characters a URL fragment does not.
  const clipId = `rep-labels-${useId().replace(/[^\w-]/g, '')}`;
  const description = rows.map((r) => `${displayLine(r.name)}: ${formatRate(r.acceptanceRate)}`).join(', ');
  return (
    <svg className="chart" role="img" aria-labelledby={titleId} viewBox={`0 0 ${width} ${height}`} width="100%" preserveAspectRatio="xMinYMin meet">
      <title id={titleId}>{`Acceptance rate per rep, against the 70% target. ${description}`}</title>
      <clipPath id={clipId}>
        <rect x={0} y={-2} width={label - 4} height={height} />
      </clipPath>
      {rows.map((row, i) => {
        const y = i * (bar + gap);
        const rate = row.acceptanceRate;
        return (
          <g key={row.repId}>
            <text x={label - 8} y={y + bar - 4} textAnchor="end" className="chart-label" clipPath={`url(#${clipId})`}>
              <title>{displayLine(row.name)}</title>
              {truncateText(displayLine(row.name), 18)}
            </text>
            <rect x={label} y={y} width={plot} height={bar} className="chart-track" rx={3} />
            {rate !== null && <rect x={label} y={y} width={Math.max(2, x(rate) - label)} height={bar} rx={3} className={rate < ACCEPTANCE_TARGET ? 'chart-bar below' : 'chart-bar'} />}
            <text x={label + plot + 6} y={y + bar - 4} className="chart-value">
              {formatRate(rate)}
            </text>
          </g>
        );
      })}
      <line x1={x(ACCEPTANCE_TARGET)} x2={x(ACCEPTANCE_TARGET)} y1={-2} y2={rows.length * (bar + gap) - gap + 2} className="chart-target" />
      <text x={x(ACCEPTANCE_TARGET)} y={height - 2} textAnchor="middle" className="chart-axis">
        target 70%
      </text>
    </svg>
  );
}

const FUNNEL_STEPS: readonly { label: string; count: (r: TFunnelRow) => number; rate?: (r: TFunnelRow) => number | null }[] = [
  { label: 'Leads', count: (r) => r.leads },
  { label: 'MQL', count: (r) => r.mqls, rate: (r) => r.rates.leadToMql },
  { label: 'SQL', count: (r) => r.sqls, rate: (r) => r.rates.mqlToSql },
  { label: 'Accepted', count: (r) => r.accepted, rate: (r) => r.rates.sqlToAccepted },
  { label: 'Opportunity', count: (r) => r.opportunities, rate: (r) => r.rates.acceptedToOpportunity },
  { label: 'Won', count: (r) => r.won, rate: (r) => r.rates.opportunityToWon },
];

const FUNNEL_GROUPS: readonly { groupBy: TFunnelGroupBy; label: string; column: string; all: string }[] = [
  { groupBy: 'source', label: 'source', column: 'Source', all: 'All sources' },
  { groupBy: 'campaign', label: 'campaign', column: 'Campaign', all: 'All campaigns' },
  { groupBy: 'engagement', label: 'engagement', column: 'Engagement', all: 'All levels' },
];

function FunnelRow({ row, totalLabel }: { row: TFunnelRow; totalLabel?: string }) {
  return (
    <tr className={totalLabel ? 'total' : undefined}>
      <th scope="row">
        <UserText className="clip" text={totalLabel ?? row.key} hover />
      </th>
      {FUNNEL_STEPS.map((step) => (
        <td key={step.label} className="num">
          {step.count(row)}
          {step.rate && <span className="rate">{formatRate(step.rate(row))}</span>}
        </td>
      ))}
    </tr>
  );
}

/** The team's open handovers in warning or breached, the overdue first: who to chase now. */
function AtRisk() {
  const queue = useQuery({ queryKey: ['teamQueue'], queryFn: () => request('getTeamQueue'), refetchInterval: 60_000 });
  const now = useNow(1000);
  const items = queue.data?.items ?? [];
  const fetchedAt = queue.data ? Date.parse(queue.data.fetchedAt) : now;
  const atRisk = items.filter((item) => {
    const state = liveState(item, remainingAt(item, fetchedAt, now));
    return state === 'warning' || state === 'breached';
  });
  const onTrack = items.length - atRisk.length;
  return (
    <section aria-labelledby="risk-heading">
      <h2 id="risk-heading">At risk now</h2>
      <QueryStatus query={queue} />
      {queue.data && atRisk.length === 0 && (
        <p className="muted">No open handover in warning or breached{items.length > 0 ? `; ${items.length} open, on track or touched` : ''}.</p>
      )}
      {atRisk.length > 0 && (
        <>
          <ol className="queue" aria-label="Open handovers in warning or breached, the overdue first">
            {atRisk.map((item) => (
              <QueueRow key={item.handoverId} item={item} fetchedAt={fetchedAt} now={now} showOwner />
            ))}
          </ol>
          {onTrack > 0 && <p className="muted small note">{onTrack} more open, on track or touched.</p>}
        </>
      )}
    </section>
  );
}

export function TeamView() {
  const [dates, setDates] = useState(() => defaultDates(new Date()));
  const [sort, setSort] = useState<TSort>({ column: 'name', direction: 'ascending' });
  const [groupBy, setGroupBy] = useState<TFunnelGroupBy>('source');
  const group = FUNNEL_GROUPS.find((g) => g.groupBy === groupBy)!;
  const invalidRange = dates.from !== '' && dates.to !== '' && dates.from > dates.to;
  const range = rangeFromDates(dates.from, dates.to);
  const reps = useQuery({
    queryKey: ['repStats', range],
    queryFn: () => request('getRepStats', range),
    enabled: !invalidRange,
    placeholderData: keepPreviousData,
  });
  const funnel = useQuery({
    queryKey: ['funnel', range, groupBy],
    queryFn: () => request('getFunnel', { ...range, groupBy }),
    enabled: !invalidRange,
    placeholderData: keepPreviousData,
  });
  const rows = useMemo(() => sortRows(reps.data?.reps ?? [], sort), [reps.data, sort]);

  return (
    <div className="pad team">
      <div className="section-head">
        <h1>Team</h1>
        <form className="range" aria-label="Date range" onSubmit={(e) => e.preventDefault()}>
          <label>
            From <input type="date" value={dates.from} max={dates.to || undefined} onChange={(e) => setDates({ ...dates, from: e.target.value })} />
          </label>
          <label>
            To <input type="date" value={dates.to} min={dates.from || undefined} onChange={(e) => setDates({ ...dates, to: e.target.value })} />
          </label>
        </form>
      </div>
      {invalidRange && (
        <p role="alert" className="error">
          “From” must be on or before “To”.
        </p>
      )}
      {reps.data && <Figures stats={reps.data} />}

      <AtRisk />

      <section aria-labelledby="reps-heading">
        <h2 id="reps-heading">Acceptance by rep</h2>
        <QueryStatus query={reps} />
        {reps.data && rows.length === 0 && <p className="muted">No reps in this range.</p>}
        {reps.data && rows.length > 0 && (
          <>
            <RepTable rows={rows} sort={sort} onSort={(column) => setSort(nextSort(sort, column))} labelledBy="reps-heading" />
            <p className="muted small note">Handovers started in the range, by their original owner. Times to first touch are in the owner’s business hours.</p>
            <AcceptanceChart rows={rows} />
          </>
        )}
      </section>

      <section aria-labelledby="funnel-heading">
        <div className="section-head">
          <h2 id="funnel-heading">Funnel by {group.label}</h2>
          <fieldset className="segmented">
            <legend className="visually-hidden">Group the funnel by</legend>
            {FUNNEL_GROUPS.map((g) => (
              <label key={g.groupBy}>
                <input type="radio" name="funnel-group" value={g.groupBy} checked={groupBy === g.groupBy} onChange={() => setGroupBy(g.groupBy)} />
                <span>{g.column}</span>
              </label>
            ))}
          </fieldset>
        </div>
        {funnel.error && <ErrorText error={funnel.error} />}
        {funnel.data && (
          <table aria-labelledby="funnel-heading" className="data funnel">
            <thead>
              <tr>
                <th scope="col">{group.column}</th>
                {FUNNEL_STEPS.map((step) => (
                  <th key={step.label} scope="col" className="num">
                    {step.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {funnel.data.groups.map((row) => (
                <FunnelRow key={row.key} row={row} />
              ))}
            </tbody>
            <tfoot>
              <FunnelRow row={funnel.data.total} totalLabel={group.all} />
            </tfoot>
          </table>
        )}
        {funnel.data && <p className="muted small note">Leads created in the range; each rate is from the step before.</p>}
      </section>
    </div>
  );
}
