import { ZRoutingPreviewInput } from '../domain/routing/preview';
import { managerProcedure, router } from '../trpc';

export const routingRouter = router({
  // A read, sent as a mutation: its input may be a whole draft charter, too long for a GET's
  // URL. It writes nothing (the rotation starts where it stands and is not stored), and runs
  // off the request thread like the backtest.
  preview: managerProcedure.input(ZRoutingPreviewInput.optional()).mutation(({ ctx, input }) => ctx.reports.run('routingPreview', ctx.user, input, ctx.now())),
});
