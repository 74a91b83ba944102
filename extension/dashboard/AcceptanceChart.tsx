import { useId } from 'react';
import { displayLine, truncateText } from '../../shared/display-text';
import type { TRepRow } from '../lib/types';
import { formatRate } from '../ui/format';
import { ACCEPTANCE_TARGET } from '../ui/team';

/** Horizontal bars, one per rep, with the 70% target as a dashed line. Plain SVG, which cuts no text itself: a long name is shortened, whole on hover, and clipped to its column. */
export function AcceptanceChart({ rows }: { rows: TRepRow[] }) {
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
