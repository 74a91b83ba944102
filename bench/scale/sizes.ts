// The data sizes of `npm run bench -- --scale`, named by their handover count (the issue's
// 10k, 100k and 1M handovers). Leads and events grow with the handovers up to the issue's
// 100,000 leads and 1,000,000 events; past that only the handovers (and their decisions) do.

export interface TScaleSize {
  name: string;
  /** Handovers started over the last year (with a decision each, but the recent open ones). */
  handovers: number;
  leads: number;
  /** Marketing events over the last 60 days. */
  events: number;
  companies: number;
}

export const SCALE_SIZES: Record<string, TScaleSize> = {
  '10k': { name: '10k', handovers: 10_000, leads: 10_000, events: 100_000, companies: 1_500 },
  '100k': { name: '100k', handovers: 100_000, leads: 100_000, events: 1_000_000, companies: 8_000 },
  '1m': { name: '1m', handovers: 1_000_000, leads: 100_000, events: 1_000_000, companies: 8_000 },
};

export function scaleSize(name: string): TScaleSize {
  const size = SCALE_SIZES[name.trim().toLowerCase()];
  if (!size) throw new Error(`--sizes: unknown size "${name}" (expected ${Object.keys(SCALE_SIZES).join(', ')})`);
  return size;
}

/** "1,000,000" */
export const count = (n: number) => n.toLocaleString('en-US');
