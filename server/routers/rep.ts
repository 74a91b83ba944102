import { z } from 'zod';
import { decide } from '../domain/decisions';
import { getPacket } from '../domain/packet';
import { markNotificationsRead, myNotifications, myQueue, teamQueue } from '../domain/queue';
import { logTouch, TOUCH_CHANNELS } from '../domain/touches';
import { managerProcedure, protectedProcedure, router } from '../trpc';

// What a rep does from the sidebar and the popup. Each procedure: validate, call one
// domain function with the caller, return.

const ZIdempotencyKey = z.string().trim().min(8, 'at least 8 characters (a UUID is ideal)').max(200);
const ZLeadId = z.string().trim().min(1).max(100);
const ZNote = z.string().trim().max(2000).optional();

export const packetRouter = router({
  get: protectedProcedure
    .input(
      z.union([
        z.object({ email: z.string().trim().min(3).max(320) }),
        z.object({ crm: z.enum(['hubspot', 'salesforce', 'pipedrive']), recordId: z.string().trim().min(1).max(64) }),
      ]),
    )
    .query(({ ctx, input }) => getPacket(ctx.database, ctx.user, input, ctx.now(), ctx.recordLinks)),
});

export const decisionRouter = router({
  accept: protectedProcedure
    .input(z.object({ leadId: ZLeadId, idempotencyKey: ZIdempotencyKey, note: ZNote }))
    .mutation(({ ctx, input }) => decide(ctx.database, ctx.user, { kind: 'accepted', ...input }, ctx.now())),
  reject: protectedProcedure
    .input(z.object({ leadId: ZLeadId, idempotencyKey: ZIdempotencyKey, reason: z.string().trim().min(1).max(64), note: ZNote }))
    .mutation(({ ctx, input }) =>
      decide(ctx.database, ctx.user, { kind: 'rejected', leadId: input.leadId, idempotencyKey: input.idempotencyKey, reasonId: input.reason, note: input.note }, ctx.now()),
    ),
});

export const touchRouter = router({
  log: protectedProcedure
    .input(
      z.object({
        leadId: ZLeadId,
        channel: z.enum(TOUCH_CHANNELS),
        idempotencyKey: ZIdempotencyKey,
        at: z.iso.datetime({ offset: true }).optional(),
      }),
    )
    .mutation(({ ctx, input }) => logTouch(ctx.database, ctx.user, input, ctx.now())),
});

export const queueRouter = router({
  mine: protectedProcedure.query(({ ctx }) => myQueue(ctx.database, ctx.user, ctx.now(), ctx.recordLinks)),
  team: managerProcedure.query(({ ctx }) => teamQueue(ctx.database, ctx.user, ctx.now(), ctx.recordLinks)),
});

export const notificationRouter = router({
  mine: protectedProcedure
    .input(z.object({ unreadOnly: z.boolean().default(true), limit: z.number().int().min(1).max(200).default(50) }).default({ unreadOnly: true, limit: 50 }))
    .query(({ ctx, input }) => myNotifications(ctx.database, ctx.user, input)),
  markRead: protectedProcedure
    .input(z.object({ ids: z.array(z.string().min(1).max(100)).max(200) }))
    .mutation(({ ctx, input }) => markNotificationsRead(ctx.database, ctx.user, input.ids, ctx.now())),
});
