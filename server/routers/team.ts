import { teamHandovers, ZTeamHandoversInput } from '../domain/team-handovers';
import { teamLeads, ZTeamLeadsInput } from '../domain/team-leads';
import { teamReps } from '../domain/team';
import { managerProcedure, protectedProcedure, router } from '../trpc';

// A manager's team: who to hand a lead to from the sidebar, and the dashboard's drill-downs.

export const teamRouter = router({
  /** Who the caller may hand a lead to: a manager, themselves and their reps; an admin, anyone who may hold one. */
  reps: managerProcedure.query(({ ctx }) => teamReps(ctx.database, ctx.user)),
  /** A rep's handovers behind their stats.reps row, newest first (who may see whose: server/domain/team-handovers.ts). */
  handovers: protectedProcedure.input(ZTeamHandoversInput).query(({ ctx, input }) => teamHandovers(ctx.database, ctx.user, input, ctx.now())),
  /** The leads behind a source's or a campaign's stats.funnel row, newest first. */
  leads: managerProcedure.input(ZTeamLeadsInput).query(({ ctx, input }) => teamLeads(ctx.database, ctx.user, input, ctx.now())),
});
