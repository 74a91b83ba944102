import {
  complianceStats,
  firstTouchStats,
  funnelStats,
  reasonStats,
  repStats,
  ZComplianceInput,
  ZFirstTouchInput,
  ZFunnelInput,
  ZReasonsInput,
  ZRepStatsInput,
} from '../domain/stats';
import { protectedProcedure, router } from '../trpc';

// Thin: validate, then one domain call. Who may see what is decided in server/domain/stats.ts
// (a rep gets stats.reps for themselves only; the rest needs a manager or an admin).
export const statsRouter = router({
  reps: protectedProcedure.input(ZRepStatsInput.optional()).query(({ ctx, input }) => repStats(ctx.database, ctx.user, input, ctx.now())),
  funnel: protectedProcedure.input(ZFunnelInput).query(({ ctx, input }) => funnelStats(ctx.database, ctx.user, input, ctx.now())),
  reasons: protectedProcedure.input(ZReasonsInput.optional()).query(({ ctx, input }) => reasonStats(ctx.database, ctx.user, input, ctx.now())),
  firstTouch: protectedProcedure.input(ZFirstTouchInput.optional()).query(({ ctx, input }) => firstTouchStats(ctx.database, ctx.user, input, ctx.now())),
  compliance: protectedProcedure
    .input(ZComplianceInput.optional())
    .query(({ ctx, input }) => complianceStats(ctx.database, ctx.user, input, ctx.now())),
});
