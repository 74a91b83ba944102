-- The review queue for marginal leads: a handover sent from it is a single outreach attempt, and a lead left out stays out until it is scored anew.
ALTER TABLE `handovers` ADD `single_attempt` integer DEFAULT false NOT NULL;
--> statement-breakpoint
CREATE TABLE `review_dismissals` (
	`lead_id` text PRIMARY KEY NOT NULL REFERENCES `leads`(`id`),
	`scored_at` text,
	`dismissed_by_id` text NOT NULL REFERENCES `users`(`id`),
	`dismissed_at` text NOT NULL
);
