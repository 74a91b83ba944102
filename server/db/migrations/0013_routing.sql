-- Routing (the charter's handover.routing): each rep's availability and share, the rotation's state, and how each handover's owner was chosen.
ALTER TABLE `users` ADD `out_of_office` text DEFAULT '[]' NOT NULL;
--> statement-breakpoint
ALTER TABLE `users` ADD `capacity` integer;
--> statement-breakpoint
ALTER TABLE `users` ADD `weight` integer DEFAULT 1 NOT NULL;
--> statement-breakpoint
ALTER TABLE `users` ADD `territories` text DEFAULT '[]' NOT NULL;
--> statement-breakpoint
ALTER TABLE `handovers` ADD `routing` text;
--> statement-breakpoint
ALTER TABLE `accounts` ADD `owner_email` text;
--> statement-breakpoint
CREATE TABLE `routing_rotation` (
	`pool` text NOT NULL,
	`user_id` text NOT NULL REFERENCES `users`(`id`),
	`credit` real NOT NULL,
	`assigned` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`pool`, `user_id`)
);
--> statement-breakpoint
-- Routing by account owner finds the other leads of the lead's company.
CREATE INDEX `leads_account` ON `leads` (`account_id`) WHERE `account_id` IS NOT NULL;
