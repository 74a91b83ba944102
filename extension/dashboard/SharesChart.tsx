import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'react';
import { displayLine, truncateText } from '../../shared/display-text';
import type { TRoutingSharesPool } from '../lib/types';
import { formatRate } from '../ui/format';
import { poolInWords } from './routing-shares-view';

// One pool's shares as Chart.js draws them: for each rep a bar for the share of the leads dealt
// and one for the share their weight asks for. The canvas is an image named by the numbers in
// words; the table beside it holds them too.

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const BLUE = '#2f6fde';
const GREY = '#9aa5b1';
/** Room per rep (two bars) and for the legend and the axis. */
const ROW_PX = 34;
const FRAME_PX = 64;

export function SharesChart({ pool, title }: { pool: TRoutingSharesPool; title: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return undefined;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: pool.reps.map((rep) => truncateText(displayLine(rep.name), 22)),
        datasets: [
          { label: 'Share of the leads dealt', data: pool.reps.map((rep) => rep.share), backgroundColor: BLUE, maxBarThickness: 14 },
          { label: 'Weight’s share', data: pool.reps.map((rep) => rep.weightShare), backgroundColor: GREY, maxBarThickness: 14 },
        ],
      },
      options: {
        indexAxis: 'y',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { beginAtZero: true, suggestedMax: 0.5, ticks: { callback: (value) => formatRate(Number(value)) } },
          y: { grid: { display: false } },
        },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 12, boxHeight: 12 } },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${formatRate(item.raw === null ? null : Number(item.raw))}` } },
        },
      },
    });
    return () => chart.destroy();
  }, [pool]);
  return (
    <div className="canvas-box shares-chart" style={{ height: pool.reps.length * ROW_PX + FRAME_PX }}>
      <canvas ref={canvas} role="img" aria-label={`${title}: share of the leads dealt against the weight’s share. ${poolInWords(pool)}`} />
    </div>
  );
}
