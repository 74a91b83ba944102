export interface TMeasurement {
  label: string;
  /** Median seconds per run. */
  seconds: number;
  itemsPerRun: number;
}

/** Median of several timed runs after a warm-up, so the JIT and caches are settled. */
export function measure(label: string, itemsPerRun: number, run: () => void, runs = 7): TMeasurement {
  run();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  times.sort((a, b) => a - b);
  return { label, seconds: times[Math.floor(times.length / 2)]!, itemsPerRun };
}

const rate = (m: TMeasurement) => Math.round(m.itemsPerRun / m.seconds).toLocaleString('en-US');

/** Prints each measurement with its throughput and its cost as a multiple of the baseline's. */
export function report(title: string, baseline: TMeasurement, others: TMeasurement[], unit: string): void {
  console.log(`\n${title}`);
  console.log(`  ${baseline.label}: ${rate(baseline)} ${unit}/s  (1.00×)`);
  for (const m of others) {
    const ratio = m.seconds / baseline.seconds;
    const comparison = ratio < 1 ? `${(1 / ratio).toFixed(0)}× faster than the baseline` : `${ratio.toFixed(2)}× the baseline's time`;
    console.log(`  ${m.label}: ${rate(m)} ${unit}/s  (${comparison})`);
  }
}

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
