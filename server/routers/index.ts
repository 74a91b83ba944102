import { protectedProcedure, router } from '../trpc';
import { charterRouter } from './charter';
import { handoverRouter } from './handover';
import { connectionsRouter, keysRouter, peopleRouter } from './people';
import { decisionRouter, notificationRouter, packetRouter, queueRouter, touchRouter } from './rep';
import { reviewRouter } from './review';
import { routingRouter } from './routing';
import { statsRouter } from './stats';
import { teamRouter } from './team';

export const appRouter = router({
  /** Who the token belongs to: the extension's options page checks a token with it. */
  me: protectedProcedure.query(({ ctx }) => {
    const { id, email, name, role, team, timeZone } = ctx.user;
    return { id, email, name, role, team, timeZone };
  }),
  packet: packetRouter,
  decision: decisionRouter,
  handover: handoverRouter,
  touch: touchRouter,
  queue: queueRouter,
  notifications: notificationRouter,
  charter: charterRouter,
  stats: statsRouter,
  team: teamRouter,
  people: peopleRouter,
  keys: keysRouter,
  connections: connectionsRouter,
  routing: routingRouter,
  review: reviewRouter,
});

export type AppRouter = typeof appRouter;
