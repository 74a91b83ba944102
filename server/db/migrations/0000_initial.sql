CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`domain` text NOT NULL,
	`name` text,
	`employees` integer,
	`industry` text,
	`country` text,
	`tech_stack` text,
	`target_account` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_domain_unique` ON `accounts` (`domain`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`actor_kind` text NOT NULL,
	`actor_id` text,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`details` text
);
--> statement-breakpoint
CREATE INDEX `audit_entity` ON `audit_log` (`entity`,`entity_id`);--> statement-breakpoint
CREATE TABLE `charter_signoffs` (
	`version` integer NOT NULL,
	`user_id` text NOT NULL,
	`team` text NOT NULL,
	`signed_at` text NOT NULL,
	PRIMARY KEY(`version`, `user_id`),
	FOREIGN KEY (`version`) REFERENCES `charter_versions`(`version`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `charter_versions` (
	`version` integer PRIMARY KEY NOT NULL,
	`body` text NOT NULL,
	`note` text,
	`proposed_by_id` text,
	`proposed_at` text NOT NULL,
	`activated_at` text,
	FOREIGN KEY (`proposed_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `decisions` (
	`id` text PRIMARY KEY NOT NULL,
	`handover_id` text NOT NULL,
	`lead_id` text NOT NULL,
	`kind` text NOT NULL,
	`reason_id` text,
	`note` text,
	`decided_by_id` text NOT NULL,
	`on_behalf_of_id` text,
	`without_contact` integer NOT NULL,
	`charter_version` integer NOT NULL,
	`idempotency_key` text NOT NULL,
	`decided_at` text NOT NULL,
	FOREIGN KEY (`handover_id`) REFERENCES `handovers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`on_behalf_of_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `decisions_handover_id_unique` ON `decisions` (`handover_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `decisions_idempotency_key_unique` ON `decisions` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `decisions_lead` ON `decisions` (`lead_id`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`lead_id` text NOT NULL,
	`type` text NOT NULL,
	`at` text NOT NULL,
	`properties` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `events_lead_at` ON `events` (`lead_id`,`at`);--> statement-breakpoint
CREATE TABLE `handovers` (
	`id` text PRIMARY KEY NOT NULL,
	`lead_id` text NOT NULL,
	`owner_id` text NOT NULL,
	`original_owner_id` text NOT NULL,
	`stage` text NOT NULL,
	`started_at` text NOT NULL,
	`tier` text NOT NULL,
	`business_hours` real NOT NULL,
	`warn_at` text NOT NULL,
	`deadline` text NOT NULL,
	`state` text DEFAULT 'open' NOT NULL,
	`first_touch_at` text,
	`first_touch_business_ms` integer,
	`warned_at` text,
	`breached_at` text,
	`escalated_at` text,
	`closed_at` text,
	`charter_version` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`original_owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `handovers_one_open_per_lead` ON `handovers` (`lead_id`) WHERE "handovers"."state" = 'open';--> statement-breakpoint
CREATE INDEX `handovers_owner_state` ON `handovers` (`owner_id`,`state`,`deadline`);--> statement-breakpoint
CREATE INDEX `handovers_original_owner` ON `handovers` (`original_owner_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `handovers_open_deadline` ON `handovers` (`state`,`deadline`);--> statement-breakpoint
CREATE INDEX `handovers_started` ON `handovers` (`started_at`);--> statement-breakpoint
CREATE TABLE `ingest_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`key_hash` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`revoked_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ingest_keys_key_hash_unique` ON `ingest_keys` (`key_hash`);--> statement-breakpoint
CREATE TABLE `leads` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`first_name` text,
	`last_name` text,
	`title` text,
	`account_id` text,
	`company` text,
	`source` text,
	`campaign` text,
	`owner_id` text,
	`owner_email` text,
	`hubspot_id` text,
	`salesforce_id` text,
	`pipedrive_id` text,
	`target_account` integer DEFAULT false NOT NULL,
	`stage` text DEFAULT 'lead' NOT NULL,
	`stage_path` text,
	`status` text DEFAULT 'active' NOT NULL,
	`fit_level` text,
	`engagement_level` text,
	`intent_level` text,
	`authority_level` text,
	`charter_version` integer,
	`scored_at` text,
	`mql_at` text,
	`sql_at` text,
	`opportunity_at` text,
	`won_at` text,
	`lost_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `leads_email_unique` ON `leads` (`email`);--> statement-breakpoint
CREATE INDEX `leads_hubspot_id` ON `leads` (`hubspot_id`);--> statement-breakpoint
CREATE INDEX `leads_salesforce_id` ON `leads` (`salesforce_id`);--> statement-breakpoint
CREATE INDEX `leads_pipedrive_id` ON `leads` (`pipedrive_id`);--> statement-breakpoint
CREATE INDEX `leads_owner` ON `leads` (`owner_id`);--> statement-breakpoint
CREATE INDEX `leads_created` ON `leads` (`created_at`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`handover_id` text NOT NULL,
	`kind` text NOT NULL,
	`message` text NOT NULL,
	`at` text NOT NULL,
	`read_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`handover_id`) REFERENCES `handovers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_once` ON `notifications` (`handover_id`,`kind`,`user_id`);--> statement-breakpoint
CREATE INDEX `notifications_user` ON `notifications` (`user_id`,`at`);--> statement-breakpoint
CREATE TABLE `stage_transitions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`lead_id` text NOT NULL,
	`from_stage` text NOT NULL,
	`to_stage` text NOT NULL,
	`path` text,
	`at` text NOT NULL,
	`charter_version` integer,
	`cause` text NOT NULL,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `stage_transitions_lead` ON `stage_transitions` (`lead_id`,`at`);--> statement-breakpoint
CREATE TABLE `tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`label` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`revoked_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tokens_token_hash_unique` ON `tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `touches` (
	`id` text PRIMARY KEY NOT NULL,
	`lead_id` text NOT NULL,
	`handover_id` text,
	`user_id` text NOT NULL,
	`channel` text NOT NULL,
	`at` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`handover_id`) REFERENCES `handovers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `touches_idempotency_key_unique` ON `touches` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `touches_lead` ON `touches` (`lead_id`,`at`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`team` text DEFAULT 'sales' NOT NULL,
	`time_zone` text NOT NULL,
	`working_days` text NOT NULL,
	`day_start` text NOT NULL,
	`day_end` text NOT NULL,
	`holidays` text NOT NULL,
	`backup_id` text,
	`manager_id` text,
	`available` integer DEFAULT true NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);