import { createClient } from '@libsql/client';
import { costRatio, median, ms, printRow, secondsOf, type TScaleRow } from './harness';
import { SCALE_NOW, type TScaleDatabase } from './generate';

// stats.reps for the whole team (an admin asking) over the last 30 days and over the year,
// against the least such a figure costs: the same range's handovers counted per rep by one
// GROUP BY, read straight from the file. What it holds others up by is in waits.ts.

const DAY_MS = 86_400_000;
const RUNS = 5;
/** The goals: under 50 ms at every size, for 30 days and for a year. */
const GOALS_MS = { 30: 50, 365: 50 } as const;

/** A kept-alive connection the server closed while idle fails at its next use: that request is sent again, once. */
async function getOnce(url: string, token: string | undefined, retried = false): Promise<void> {
  try {
    const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    if (response.status !== 200) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (retried || (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET')) throw error;
    await getOnce(url, token, true);
  }
}

async function timedGet(url: string, token?: string): Promise<number> {
  return (await secondsOf(() => getOnce(url, token))) * 1000;
}

export async function benchStats(data: TScaleDatabase, file: string, server: { url: string }): Promise<TScaleRow[]> {
  const admin = data.users.find((u) => u.role === 'admin')!;
  const statsUrl = (days: number) => {
    const input = { from: new Date(SCALE_NOW - days * DAY_MS).toISOString(), to: new Date(SCALE_NOW).toISOString() };
    return `${server.url}/trpc/stats.reps?input=${encodeURIComponent(JSON.stringify(input))}`;
  };
  const raw = createClient({ url: `file:${file}` });
  const rows: TScaleRow[] = [];
  try {
    for (const days of [30, 365] as const) {
      const from = new Date(SCALE_NOW - days * DAY_MS).toISOString();
      const to = new Date(SCALE_NOW).toISOString();
      const groupBy = () => raw.execute({ sql: 'SELECT original_owner_id, count(*) FROM handovers WHERE started_at >= ? AND started_at < ? GROUP BY original_owner_id', args: [from, to] });
      await groupBy();
      const rawTimes: number[] = [];
      for (let i = 0; i < RUNS; i += 1) rawTimes.push((await secondsOf(groupBy)) * 1000);
      const baseline = median(rawTimes);
      await timedGet(statsUrl(days), admin.token);
      const times: number[] = [];
      for (let i = 0; i < RUNS; i += 1) times.push(await timedGet(statsUrl(days), admin.token));
      const value = median(times);
      rows.push(
        printRow({
          figure: `stats.reps over ${days === 30 ? '30 days' : 'a year'}`,
          size: data.size.name,
          value: `${ms(value)} (median of ${RUNS})`,
          baseline: `${ms(baseline)}: GROUP BY count over the same handovers`,
          ratio: costRatio(value, baseline),
          goal: `≤ ${ms(GOALS_MS[days])}`,
          met: value <= GOALS_MS[days] ? 'yes' : 'no',
          explanation: `The manager's rep table for every rep, over HTTP: counts, SLA, first-touch percentiles and reasons for the handovers started in ${days} days; the baseline is one grouped count of those handovers, read from the file with no HTTP.`,
        }),
      );
    }
  } finally {
    raw.close();
  }

  return rows;
}
