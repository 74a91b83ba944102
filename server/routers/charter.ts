import { activeCharter } from '../domain/charter';
import { protectedProcedure, router } from '../trpc';

export const charterRouter = router({
  current: protectedProcedure.query(({ ctx }) => activeCharter(ctx.database)),
});
