-- A manager may nudge a handover's holder more than once (handover.nudge, at most every ten minutes): the once-only rule keeps to the other kinds.
DROP INDEX IF EXISTS `notifications_once`;
--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_once` ON `notifications` (`handover_id`,`kind`,`user_id`) WHERE `kind` <> 'nudge';
--> statement-breakpoint
-- The earlier request an idempotency key names (handover.assign, claim, reassign, nudge), found without reading the whole log.
CREATE INDEX IF NOT EXISTS `audit_idempotency_key` ON `audit_log` (json_extract(`details`, '$.idempotencyKey')) WHERE json_extract(`details`, '$.idempotencyKey') IS NOT NULL;
