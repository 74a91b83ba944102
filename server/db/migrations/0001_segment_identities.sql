CREATE TABLE `segment_identities` (
	`identity` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `segment_pending` (
	`id` text PRIMARY KEY NOT NULL,
	`user_identity` text,
	`anonymous_identity` text,
	`event` text NOT NULL,
	`received_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `segment_pending_user` ON `segment_pending` (`user_identity`);--> statement-breakpoint
CREATE INDEX `segment_pending_anonymous` ON `segment_pending` (`anonymous_identity`);--> statement-breakpoint
CREATE INDEX `segment_pending_received` ON `segment_pending` (`received_at`);