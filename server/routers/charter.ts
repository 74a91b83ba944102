import { z } from 'zod';
import { ZBacktestInput } from '../domain/backtest/input';
import { activeCharter, charterVersionsStatus, proposeCharter, signOffCharter } from '../domain/charter';
import { ZDiagnosticInput } from '../domain/diagnostic';
import { ZSuggestionsInput } from '../domain/suggestions/suggestions';
import { managerProcedure, protectedProcedure, router } from '../trpc';

export const charterRouter = router({
  current: protectedProcedure.query(({ ctx }) => activeCharter(ctx.database)),
  versions: protectedProcedure.query(({ ctx }) => charterVersionsStatus(ctx.database)),
  propose: managerProcedure
    .input(z.object({ charter: z.record(z.string(), z.unknown()), note: z.string().trim().max(2000).optional() }))
    .mutation(({ ctx, input }) => proposeCharter(ctx.database, ctx.user, input.charter, input.note, ctx.now()).then((version) => ({ version }))),
  signOff: managerProcedure
    .input(z.object({ version: z.number().int().positive() }))
    .mutation(({ ctx, input }) => signOffCharter(ctx.database, ctx.user, input.version, ctx.now())),
  diagnostic: managerProcedure.input(ZDiagnosticInput.optional()).query(({ ctx, input }) => ctx.reports.run('handoffDiagnostic', ctx.user, input, ctx.now())),
  // A read, sent as a mutation: its input, a whole charter, is too long for a GET's URL. It
  // writes nothing, and runs off the request thread (a long read; see server/domain/backtest).
  backtest: managerProcedure.input(ZBacktestInput).mutation(({ ctx, input }) => ctx.reports.run('charterBacktest', ctx.user, input, ctx.now())),
  // The feedback loop: changes the range's rejection reasons call for, each backtested (a long read).
  suggestions: managerProcedure.input(ZSuggestionsInput.optional()).query(({ ctx, input }) => ctx.reports.run('charterSuggestions', ctx.user, input, ctx.now())),
});
