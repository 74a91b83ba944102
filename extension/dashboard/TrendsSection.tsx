import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { QueryStatus } from '../components/QueryStatus';
import { UserText } from '../components/UserText';
import { request } from '../lib/messaging';
import { NumberRow } from '../ui/NumberRow';
import { csvFileName, downloadText, toCsv } from '../ui/csv';
import { formatRate } from '../ui/format';
import { figuresOf, hours, seriesInWords, TREND_COLUMNS, TREND_CSV_HEADER, trendCells, trendCsvRow, weekLabel, whoLabel } from './trends-view';
import { WeeklyChart, type TSeries } from './WeeklyChart';

// The team's handshake over time, by week: acceptance against its target, SLA met, how fast
// the first touch comes (median and p75, business and calendar time) and SQLs against the
// weekly target — for the team or one rep, as charts and as the table they are drawn from.

const BLUE = '#2f6fde';
const NAVY = '#1f3a5f';
const RED = '#b42318';
const TEAL = '#0f7b83';
const percent = (v: number) => formatRate(v);
const inHours = (v: number) => `${v.toLocaleString('en-US', { maximumFractionDigits: 1 })} h`;
const count = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 0 });

export function TrendsSection() {
  const [repId, setRepId] = useState<string | null>(null);
  const trends = useQuery({ queryKey: ['trends'], queryFn: () => request('getTrends', {}) });
  const data = trends.data;
  const weeks = useMemo(() => data?.weeks ?? [], [data]);
  const reps = weeks[0]?.reps ?? [];
  const labels = useMemo(() => weeks.map((w) => weekLabel(w.weekStart)), [weeks]);
  const of = (w: (typeof weeks)[number]) => figuresOf(w, repId);

  const charts = useMemo(() => {
    if (!data) return [];
    const target = data.targets.acceptanceRate;
    const sqlTarget = data.targets.sqlsPerWeek;
    const acceptance: TSeries[] = [
      { label: 'Acceptance', values: weeks.map((w) => figuresOf(w, repId)?.acceptanceRate ?? null), color: BLUE },
      { label: `Target ${formatRate(target)}`, values: weeks.map(() => target), reference: true, color: RED },
    ];
    const sla: TSeries[] = [{ label: 'SLA met', values: weeks.map((w) => figuresOf(w, repId)?.slaMetRate ?? null), color: TEAL }];
    const speed: TSeries[] = [
      { label: 'Median, business', values: weeks.map((w) => hours(figuresOf(w, repId)?.firstTouchBusinessMs.median ?? null)), color: BLUE },
      { label: 'p75, business', values: weeks.map((w) => hours(figuresOf(w, repId)?.firstTouchBusinessMs.p75 ?? null)), color: NAVY },
      { label: 'Median, calendar', values: weeks.map((w) => hours(figuresOf(w, repId)?.firstTouchCalendarMs.median ?? null)), color: '#9aa5b1' },
    ];
    const sqls: TSeries[] = [
      { label: 'SQLs', values: weeks.map((w) => w.sqls), kind: 'bar', color: '#7aa7f0' },
      ...(sqlTarget === null ? [] : [{ label: `Target ${sqlTarget} a week`, values: weeks.map(() => sqlTarget), reference: true, color: RED } satisfies TSeries]),
    ];
    return [
      {
        title: `Acceptance rate by week, against the ${formatRate(target)} target`,
        summary: seriesInWords(weeks, (w) => figuresOf(w, repId)?.acceptanceRate ?? null, percent, 'no decisions'),
        series: acceptance,
        format: percent,
        max: 1,
      },
      { title: 'SLA met by week', summary: seriesInWords(weeks, (w) => figuresOf(w, repId)?.slaMetRate ?? null, percent, 'none due'), series: sla, format: percent, max: 1 },
      {
        title: 'Time to first touch by week (hours)',
        summary: `Median in business time: ${seriesInWords(weeks, (w) => hours(figuresOf(w, repId)?.firstTouchBusinessMs.median ?? null), inHours, 'no touches')}`,
        series: speed,
        format: inHours,
      },
      {
        title: sqlTarget === null ? 'SQLs by week (the team; no weekly target set in the charter)' : `SQLs by week (the team), against ${sqlTarget} a week`,
        summary: seriesInWords(weeks, (w) => w.sqls, count, 'none'),
        series: sqls,
        format: count,
      },
    ];
  }, [data, weeks, repId]);

  const exportCsv = () => data && downloadText(csvFileName(repId === null ? 'weeks-team' : 'weeks-rep', { from: data.weeks[0]?.weekStart, to: data.to.slice(0, 10) }), toCsv(TREND_CSV_HEADER, weeks.map((w) => trendCsvRow(w, of(w)))), 'text/csv');

  return (
    <section aria-labelledby="trends-heading" className="card">
      <div className="section-head">
        <h2 id="trends-heading">Over time, by week</h2>
        <span className="spacer" />
        {data && (
          <>
            <label className="inline-select">
              Show{' '}
              <select value={repId ?? ''} onChange={(e) => setRepId(e.target.value === '' ? null : e.target.value)}>
                <option value="">Whole team</option>
                {reps.map((r) => (
                  <option key={r.repId} value={r.repId}>
                    {r.name}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="plain-button" onClick={exportCsv}>
              Download CSV
            </button>
          </>
        )}
      </div>
      <QueryStatus query={trends} />
      {data && (
        <>
          <p className="muted small note">
            The {weeks.length} weeks to today, each from Monday in {data.timeZone}: handovers started in the week, by their original owner.
          </p>
          <div className="chart-grid">
            {charts.map((chart) => (
              <WeeklyChart key={chart.title} weeks={labels} {...chart} />
            ))}
          </div>
          <details className="numbers" open>
            <summary>
              The numbers, week by week, for <UserText text={whoLabel(data, repId)} />
            </summary>
            <div className="table-scroll">
              <table className="data trend-table" aria-label={`Weekly figures for ${whoLabel(data, repId)}`}>
                <thead>
                  <tr>
                    {TREND_COLUMNS.map((c, i) => (
                      <th key={c} scope="col" className={i === 0 ? undefined : 'num'}>
                        {c}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {weeks.map((w) => {
                    const [week, ...cells] = trendCells(w, of(w));
                    return (
                      <NumberRow key={w.weekStart} head={week} cells={cells} />
                    );
                  })}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </section>
  );
}
