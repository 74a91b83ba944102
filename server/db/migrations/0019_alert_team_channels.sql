-- A chat channel per team: a manager's team's incoming webhook, sealed with the server's secret key like the CRM credentials (its address is its secret). A team without one uses the organisation's (HANDSHAKE_SLACK_WEBHOOK_URL), if set.
CREATE TABLE `alert_team_channels` (
	`manager_id` text PRIMARY KEY NOT NULL REFERENCES `users`(`id`),
	`sealed_webhook` text NOT NULL,
	`added_at` text NOT NULL
);
