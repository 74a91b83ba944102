import { Presets, SingleBar } from 'cli-progress';
import type { TSeedProgress } from './seed';

// What `npm start` shows while it seeds the demo: a bar on a terminal, else a line at every
// tenth of the quarter (logs, CI), so a slow machine is seen working, not hung.

export interface TSeedReporter {
  onProgress: (progress: TSeedProgress) => void;
  /** Clears the bar, if any (also after a failure). */
  stop: () => void;
}

const format = (n: number) => n.toLocaleString('en-US');

export function seedReporter(options: { tty: boolean; print: (line: string) => void }): TSeedReporter {
  let bar: SingleBar | null = null;
  let lastTenth = -1;
  const stop = () => {
    bar?.stop();
    bar = null;
  };
  const onProgress = (progress: TSeedProgress) => {
    if (progress.phase === 'writing') {
      stop();
      options.print(`Seeding the demo: writing ${format(progress.rows)} rows in one transaction…`);
      return;
    }
    const payload = { leads: format(progress.leads), events: format(progress.events) };
    if (options.tty) {
      if (!bar) {
        bar = new SingleBar(
          { format: 'Seeding the demo {bar} day {value}/{total} | {leads} leads, {events} events', stream: process.stderr, hideCursor: true },
          Presets.shades_classic,
        );
        bar.start(progress.days, progress.day, payload);
      }
      bar.update(progress.day, payload);
      return;
    }
    const tenth = Math.floor((10 * progress.day) / Math.max(1, progress.days));
    if (tenth === lastTenth) return;
    lastTenth = tenth;
    options.print(`Seeding the demo: day ${progress.day} of ${progress.days}, ${payload.leads} leads, ${payload.events} events`);
  };
  return { onProgress, stop };
}
