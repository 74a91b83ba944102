import { z } from 'zod';
import { assignLead, claimLead } from '../domain/assign';
import { nudgeHandover, ZNudgeInput } from '../domain/nudge';
import { reassignHandover, ZReassignInput } from '../domain/reassign';
import { protectedProcedure, router } from '../trpc';

// An MQL handed over by hand. Who may is decided in server/domain/assign.ts (a rep is
// refused `assign` with a reason in words, so both procedures take any signed-in caller).

const ZIdempotencyKey = z.string().trim().min(8, 'at least 8 characters (a UUID is ideal)').max(200);
const ZId = z.string().trim().min(1).max(100);

export const handoverRouter = router({
  assign: protectedProcedure
    .input(z.object({ leadId: ZId, repId: ZId.optional(), idempotencyKey: ZIdempotencyKey }))
    .mutation(({ ctx, input }) => assignLead(ctx.database, ctx.user, input, ctx.now())),
  claim: protectedProcedure
    .input(z.object({ leadId: ZId, idempotencyKey: ZIdempotencyKey }))
    .mutation(({ ctx, input }) => claimLead(ctx.database, ctx.user, input, ctx.now())),
  // A manager's actions on an open handover from the dashboard's at-risk list (a rep is refused in words).
  reassign: protectedProcedure.input(ZReassignInput).mutation(({ ctx, input }) => reassignHandover(ctx.database, ctx.user, input, ctx.now())),
  nudge: protectedProcedure.input(ZNudgeInput).mutation(({ ctx, input }) => nudgeHandover(ctx.database, ctx.user, input, ctx.now())),
});
