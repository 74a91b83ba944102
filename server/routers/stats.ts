import { ZWeeklyReportInput } from '../domain/report';
import { ZComplianceInput, ZFirstTouchInput, ZFunnelInput, ZOutcomesInput, ZReasonsInput, ZRepStatsInput, ZTrendsInput } from '../domain/stats';
import { routingShares } from '../domain/routing/shares';
import { protectedProcedure, router } from '../trpc';

// Thin: validate, then one domain call, run by ctx.reports (off the request thread on an
// embedded file). Who may see what is decided in server/domain/stats (a rep gets stats.reps
// for themselves only; the rest needs a manager or an admin).
export const statsRouter = router({
  reps: protectedProcedure.input(ZRepStatsInput.optional()).query(({ ctx, input }) => ctx.reports.run('repStats', ctx.user, input, ctx.now())),
  funnel: protectedProcedure.input(ZFunnelInput).query(({ ctx, input }) => ctx.reports.run('funnelStats', ctx.user, input, ctx.now())),
  reasons: protectedProcedure.input(ZReasonsInput.optional()).query(({ ctx, input }) => ctx.reports.run('reasonStats', ctx.user, input, ctx.now())),
  firstTouch: protectedProcedure.input(ZFirstTouchInput.optional()).query(({ ctx, input }) => ctx.reports.run('firstTouchStats', ctx.user, input, ctx.now())),
  outcomes: protectedProcedure.input(ZOutcomesInput).query(({ ctx, input }) => ctx.reports.run('outcomeStats', ctx.user, input, ctx.now())),
  compliance: protectedProcedure.input(ZComplianceInput.optional()).query(({ ctx, input }) => ctx.reports.run('complianceStats', ctx.user, input, ctx.now())),
  trends: protectedProcedure.input(ZTrendsInput.optional()).query(({ ctx, input }) => ctx.reports.run('trendStats', ctx.user, input, ctx.now())),
  /** Each routing pool's rotation: a few rows per rep, read on the request thread. */
  routing: protectedProcedure.query(({ ctx }) => routingShares(ctx.database, ctx.user)),
  weeklyReport: protectedProcedure.input(ZWeeklyReportInput.optional()).query(({ ctx, input }) => ctx.reports.run('weeklyReport', ctx.user, input, ctx.now())),
});
