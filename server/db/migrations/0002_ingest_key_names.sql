ALTER TABLE `ingest_keys` ADD `last_used_at` text;--> statement-breakpoint
-- Names become unique. Keys that already share one: the oldest keeps it, each other is
-- suffixed with its id (unique), so the index below never fails on an old database.
UPDATE `ingest_keys` SET `name` = `name` || ' (' || `id` || ')'
WHERE EXISTS (
	SELECT 1 FROM `ingest_keys` AS `earlier`
	WHERE `earlier`.`name` = `ingest_keys`.`name`
		AND (`earlier`.`created_at` < `ingest_keys`.`created_at` OR (`earlier`.`created_at` = `ingest_keys`.`created_at` AND `earlier`.`rowid` < `ingest_keys`.`rowid`))
);--> statement-breakpoint
CREATE UNIQUE INDEX `ingest_keys_name` ON `ingest_keys` (`name`);--> statement-breakpoint
ALTER TABLE `segment_pending` ADD `ingest_key_id` text;--> statement-breakpoint
CREATE INDEX `segment_pending_key_received` ON `segment_pending` (`ingest_key_id`,`received_at`);