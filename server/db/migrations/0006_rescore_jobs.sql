CREATE TABLE IF NOT EXISTS `rescore_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`charter_version` integer NOT NULL,
	`cursor` text,
	`total` integer NOT NULL,
	`scored` integer DEFAULT 0 NOT NULL,
	`changed` integer DEFAULT 0 NOT NULL,
	`transitions` integer DEFAULT 0 NOT NULL,
	`handovers_opened` integer DEFAULT 0 NOT NULL,
	`awaiting_rep` integer DEFAULT 0 NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`superseded_by` integer,
	`lease_holder` text,
	`lease_until` text
);
