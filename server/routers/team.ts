import { teamReps } from '../domain/team';
import { managerProcedure, router } from '../trpc';

// A manager's team, for handing a lead over from the sidebar.

export const teamRouter = router({
  /** Who the caller may hand a lead to: a manager, themselves and their reps; an admin, anyone who may hold one. */
  reps: managerProcedure.query(({ ctx }) => teamReps(ctx.database, ctx.user)),
});
