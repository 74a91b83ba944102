import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { ALERT_KINDS, type TAlertKind } from '../../shared/alert-kinds';
import { users } from './schema';

// Alerts by e-mail and chat (migration 0018): the notifications waiting to be planned into
// deliveries, the deliveries themselves, and what each person chose not to receive.

/** Where an alert goes: e-mail and chat from the server, `desktop` the extension's notifications (a person's choice only). */
export const ALERT_CHANNELS = ['email', 'slack', 'desktop'] as const;
export type TAlertChannel = (typeof ALERT_CHANNELS)[number];

/** What a person may opt out of, by e-mail: each kind of notification, and the weekly report (managers and RevOps). */
export { ALERT_KINDS, type TAlertKind };
/** The alerts a notification makes. */
export type TNotificationAlert = Exclude<TAlertKind, 'weekly_report'>;

/** Notifications recorded and not yet planned into deliveries, kept by a trigger on notifications. */
export const alertQueue = sqliteTable('alert_queue', {
  notificationId: text('notification_id').primaryKey(),
});

export const alertDeliveries = sqliteTable(
  'alert_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** What makes the delivery once: channel, handover, event and recipient. */
    key: text('key').notNull(),
    notificationId: text('notification_id').notNull(),
    channel: text('channel', { enum: ALERT_CHANNELS }).notNull(),
    /** The person e-mailed; null for a team's chat channel. */
    recipientId: text('recipient_id'),
    /** The e-mail address, or which chat channel ("team"). Never a webhook's secret address. */
    address: text('address').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    link: text('link'),
    state: text('state', { enum: ['pending', 'sent', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** Not before: a retry's time, or the start of the recipient's working hours. */
    nextAttemptAt: text('next_attempt_at').notNull(),
    /** Claimed by a dispatcher until then: no other sends it meanwhile. */
    leaseUntil: text('lease_until'),
    lastError: text('last_error'),
    sentAt: text('sent_at'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('alert_deliveries_once').on(t.key), index('alert_deliveries_due').on(t.state, t.nextAttemptAt)],
);

export const alertOptOuts = sqliteTable(
  'alert_opt_outs',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    alert: text('alert', { enum: ALERT_KINDS }).notNull(),
    channel: text('channel', { enum: ALERT_CHANNELS }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.alert, t.channel] })],
);

/** A manager's team's chat channel: its incoming webhook, sealed (see connectors/secrets.ts). */
export const alertTeamChannels = sqliteTable('alert_team_channels', {
  managerId: text('manager_id')
    .primaryKey()
    .references(() => users.id),
  sealedWebhook: text('sealed_webhook').notNull(),
  addedAt: text('added_at').notNull(),
});
