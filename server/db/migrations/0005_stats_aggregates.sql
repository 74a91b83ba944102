CREATE TABLE `rep_stats` (
	`grain` text NOT NULL,
	`period` text NOT NULL,
	`owner_id` text NOT NULL,
	`handovers` integer DEFAULT 0 NOT NULL,
	`accepted` integer DEFAULT 0 NOT NULL,
	`rejected` integer DEFAULT 0 NOT NULL,
	`rejected_without_contact` integer DEFAULT 0 NOT NULL,
	`sla_met` integer DEFAULT 0 NOT NULL,
	`sla_due_settled` integer DEFAULT 0 NOT NULL,
	`sla_pending` integer DEFAULT 0 NOT NULL,
	`untouched_open` integer DEFAULT 0 NOT NULL,
	`touched` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`grain`, `period`, `owner_id`)
);
--> statement-breakpoint
CREATE TABLE `rep_reasons` (
	`grain` text NOT NULL,
	`period` text NOT NULL,
	`owner_id` text NOT NULL,
	`reason_key` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`grain`, `period`, `owner_id`, `reason_key`)
);
--> statement-breakpoint
CREATE TABLE `rep_delays` (
	`grain` text NOT NULL,
	`period` text NOT NULL,
	`owner_id` text NOT NULL,
	`kind` text NOT NULL,
	`bucket` integer NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`grain`, `period`, `owner_id`, `kind`, `bucket`)
);
--> statement-breakpoint
CREATE TABLE `stats_aggregates` (
	`name` text PRIMARY KEY NOT NULL,
	`definition` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `handovers_owner_business_delay` ON `handovers` (`original_owner_id`,`first_touch_business_ms`,`started_at`) WHERE `first_touch_at` IS NOT NULL AND `first_touch_business_ms` IS NOT NULL;--> statement-breakpoint
CREATE INDEX `handovers_owner_calendar_delay` ON `handovers` (`original_owner_id`,max(0, cast(round(julianday(first_touch_at) * 86400000) as integer) - cast(round(julianday(started_at) * 86400000) as integer)),`started_at`) WHERE `first_touch_at` IS NOT NULL;--> statement-breakpoint
CREATE INDEX `handovers_business_delay` ON `handovers` (`first_touch_business_ms`,`started_at`) WHERE `first_touch_at` IS NOT NULL AND `first_touch_business_ms` IS NOT NULL;--> statement-breakpoint
CREATE INDEX `handovers_calendar_delay` ON `handovers` (max(0, cast(round(julianday(first_touch_at) * 86400000) as integer) - cast(round(julianday(started_at) * 86400000) as integer)),`started_at`) WHERE `first_touch_at` IS NOT NULL;--> statement-breakpoint
CREATE INDEX `handovers_started_stats` ON `handovers` (`started_at`,`original_owner_id`,`deadline`,`first_touch_at`,`first_touch_business_ms`,`id`);--> statement-breakpoint
CREATE INDEX `handovers_untouched_deadline` ON `handovers` (`deadline`) WHERE `first_touch_at` IS NULL;