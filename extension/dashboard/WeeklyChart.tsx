import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartDataset } from 'chart.js';
import { useEffect, useRef } from 'react';

// One chart of a weekly series, drawn by Chart.js on a canvas. The canvas is an image with
// its summary as its name; the numbers themselves are in the table beside the charts.

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface TSeries {
  label: string;
  values: (number | null)[];
  kind?: 'line' | 'bar';
  /** A target or reference: a dashed line without points. */
  reference?: boolean;
  color: string;
}

export interface TWeeklyChartProps {
  title: string;
  /** What a screen reader hears for the picture: the series in words. */
  summary: string;
  weeks: string[];
  series: TSeries[];
  /** How a value on the axis and in the tooltip reads. */
  format: (value: number) => string;
  max?: number;
}

function dataset(series: TSeries): ChartDataset<'bar' | 'line', (number | null)[]> {
  const common = { label: series.label, data: series.values, borderColor: series.color, backgroundColor: series.color };
  if (series.kind === 'bar') return { ...common, type: 'bar', borderWidth: 0, maxBarThickness: 28 };
  return {
    ...common,
    type: 'line',
    borderWidth: series.reference ? 1.5 : 2,
    borderDash: series.reference ? [6, 4] : [],
    pointRadius: series.reference ? 0 : 3,
    spanGaps: false,
    tension: 0,
  };
}

export function WeeklyChart({ title, summary, weeks, series, format, max }: TWeeklyChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return undefined;
    const chart = new Chart(canvas.current, {
      type: 'line',
      data: { labels: weeks, datasets: series.map(dataset) },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 12 } },
          y: { beginAtZero: true, ...(max === undefined ? {} : { max }), ticks: { callback: (value) => format(Number(value)) } },
        },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 14, boxHeight: 2 } },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${item.raw === null ? '—' : format(Number(item.raw))}` } },
        },
      },
    });
    return () => chart.destroy();
  }, [weeks, series, format, max]);
  return (
    <figure className="weekly-chart">
      <figcaption>{title}</figcaption>
      <div className="canvas-box">
        <canvas ref={canvas} role="img" aria-label={`${title}. ${summary}`} />
      </div>
    </figure>
  );
}
