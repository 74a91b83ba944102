import { z } from 'zod';
import { sendFromReview } from '../domain/assign';
import { dismissFromReview, ZReviewDismissInput, ZReviewQueueInput } from '../domain/review/queue';
import { managerProcedure, router } from '../trpc';

// The review queue for marginal leads (RevOps): just short of SQL or from an unproven source, one sent to sales
// for a single outreach attempt, or left out until it is scored anew.

export const reviewRouter = router({
  queue: managerProcedure.input(ZReviewQueueInput.optional()).query(({ ctx, input }) => ctx.reports.run('reviewQueue', ctx.user, input, ctx.now())),
  send: managerProcedure
    .input(z.object({ leadId: z.string().trim().min(1).max(100), idempotencyKey: z.string().trim().min(8, 'at least 8 characters (a UUID is ideal)').max(200) }))
    .mutation(({ ctx, input }) => sendFromReview(ctx.database, ctx.user, input, ctx.now())),
  dismiss: managerProcedure.input(ZReviewDismissInput).mutation(({ ctx, input }) => dismissFromReview(ctx.database, ctx.user, input.leadId, ctx.now())),
});
