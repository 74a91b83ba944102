import { protectedProcedure, router } from '../trpc';
import { charterRouter } from './charter';

export const appRouter = router({
  /** Who the token belongs to: the extension's options page checks a token with it. */
  me: protectedProcedure.query(({ ctx }) => {
    const { id, email, name, role, team, timeZone } = ctx.user;
    return { id, email, name, role, team, timeZone };
  }),
  charter: charterRouter,
});

export type AppRouter = typeof appRouter;
