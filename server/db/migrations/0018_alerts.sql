-- Alerts by e-mail and chat. Each notification the app records (an SLA warning, a breach, a reassignment, a nudge) is noted in `alert_queue` by a trigger, in the same transaction; the alert dispatcher turns each into deliveries, one per person and channel (each with a unique key, so a notification planned twice is delivered once), and deletes the note. A delivery is claimed before it is sent (`lease_until`), so two instances never send it both; it is retried with backoff until sent, or failed for good with the server's words.
CREATE TABLE `alert_queue` (
	`notification_id` text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TRIGGER `alert_queue_notification` AFTER INSERT ON `notifications`
BEGIN
	INSERT OR IGNORE INTO `alert_queue` (`notification_id`) VALUES (NEW.`id`);
END;
--> statement-breakpoint
CREATE TABLE `alert_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`notification_id` text NOT NULL,
	`channel` text NOT NULL,
	`recipient_id` text,
	`address` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`link` text,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text NOT NULL,
	`lease_until` text,
	`last_error` text,
	`sent_at` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alert_deliveries_once` ON `alert_deliveries` (`key`);
--> statement-breakpoint
CREATE INDEX `alert_deliveries_due` ON `alert_deliveries` (`state`, `next_attempt_at`);
--> statement-breakpoint
CREATE TABLE `alert_opt_outs` (
	`user_id` text NOT NULL REFERENCES `users`(`id`),
	`alert` text NOT NULL,
	`channel` text NOT NULL,
	PRIMARY KEY (`user_id`, `alert`, `channel`)
);
