import { addKey, addPerson, changePerson, crmConnectionStatuses, issuePersonToken, listKeys, listPeople, myAlerts, revokeKey, revokePersonTokens, setPersonAlerts, ZKeyName, ZNewPerson, ZPersonAlerts, ZPersonChanges, ZPersonEmail } from '../domain/people';
import { protectedProcedure, router } from '../trpc';

// Thin: who may do what is decided in server/domain/people.ts (reads for a manager's team,
// changes for an admin).

export const peopleRouter = router({
  list: protectedProcedure.query(({ ctx }) => listPeople(ctx.database, ctx.user)),
  add: protectedProcedure.input(ZNewPerson).mutation(({ ctx, input }) => addPerson(ctx.database, ctx.user, input, ctx.now())),
  update: protectedProcedure.input(ZPersonChanges).mutation(({ ctx, input }) => changePerson(ctx.database, ctx.user, input, ctx.now())),
  myAlerts: protectedProcedure.query(({ ctx }) => myAlerts(ctx.database, ctx.user)),
  setAlerts: protectedProcedure.input(ZPersonAlerts).mutation(({ ctx, input }) => setPersonAlerts(ctx.database, ctx.user, input, ctx.now())),
  issueToken: protectedProcedure.input(ZPersonEmail).mutation(({ ctx, input }) => issuePersonToken(ctx.database, ctx.user, input.email, ctx.now())),
  revokeTokens: protectedProcedure.input(ZPersonEmail).mutation(({ ctx, input }) => revokePersonTokens(ctx.database, ctx.user, input.email, ctx.now())),
});

export const keysRouter = router({
  list: protectedProcedure.query(({ ctx }) => listKeys(ctx.database, ctx.user)),
  add: protectedProcedure.input(ZKeyName).mutation(({ ctx, input }) => addKey(ctx.database, ctx.user, input.name, ctx.now())),
  revoke: protectedProcedure.input(ZKeyName).mutation(({ ctx, input }) => revokeKey(ctx.database, ctx.user, input.name, ctx.now())),
});

export const connectionsRouter = router({
  status: protectedProcedure.query(({ ctx }) => crmConnectionStatuses(ctx.database, ctx.user)),
});
