CREATE TABLE `crm_connections` (
	`crm` text PRIMARY KEY NOT NULL,
	`settings` text NOT NULL,
	`sealed_secret` text NOT NULL,
	`connected_at` text NOT NULL,
	`cursor` text DEFAULT '{}' NOT NULL,
	`last_pull_at` text,
	`last_pull` text,
	`last_push_at` text,
	`last_error` text,
	`last_error_at` text,
	`paused_until` text,
	`lease_holder` text,
	`lease_until` text,
	`api_usage` text
);
--> statement-breakpoint
CREATE TABLE `crm_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`crm` text NOT NULL,
	`record_id` text NOT NULL,
	`lead_id` text NOT NULL,
	`kind` text NOT NULL,
	`source_id` text NOT NULL,
	`payload` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text NOT NULL,
	`last_error` text,
	`crm_object_id` text,
	`created_at` text NOT NULL,
	`delivered_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `crm_outbox_once` ON `crm_outbox` (`crm`,`kind`,`source_id`);--> statement-breakpoint
CREATE INDEX `crm_outbox_due` ON `crm_outbox` (`crm`,`state`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `crm_outbox_record` ON `crm_outbox` (`crm`,`record_id`,`id`);