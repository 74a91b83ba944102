import { browser } from 'wxt/browser';
import type { TNotificationsJob } from './notifications';
import type { TOutboxRunner } from './outbox-runner';
import type { TQueueJob } from './queue';
import type { TSessionJob } from './session';

// The tick: every minute (an alarm, which outlives the idle worker), at browser start-up
// and on demand, deliver the outbox, then refresh the queue, the badge and notifications.

const TICK_ALARM = 'handshake-tick';

export interface TTickJob {
  tick(): Promise<void>;
  /** Creates the alarm if missing and registers its listeners. */
  listen(): void;
}

export function createTick(jobs: { session: TSessionJob; outbox: TOutboxRunner; queue: TQueueJob; notifications: TNotificationsJob }): TTickJob {
  const { session, outbox, queue, notifications } = jobs;
  async function tick(): Promise<void> {
    const signedIn = await session.signedIn().catch(() => null);
    if (!signedIn) {
      await queue.clearBadge();
      return;
    }
    await outbox.flush();
    await queue.mine().catch(() => undefined); // unreachable: the badge keeps its last count
    await notifications.deliver().catch(() => undefined); // shown at the next tick instead
  }
  return {
    tick,
    listen() {
      // Created once: re-creating it each time the worker wakes would push its first run back.
      void browser.alarms.get(TICK_ALARM).then(async (alarm) => {
        if (!alarm) await browser.alarms.create(TICK_ALARM, { periodInMinutes: 1 });
      });
      browser.alarms.onAlarm.addListener((alarm) => {
        if (alarm.name === TICK_ALARM) void tick();
      });
      browser.runtime.onStartup.addListener(() => void tick());
    },
  };
}
