-- Promises that hold across several app instances on one database, kept by the database when each batch is written rather than by one process's lock. A batch that acts on a handover it read earlier begins with a row here; a trigger refuses the row, and the whole batch with it, unless the handover is still as that read found it; another trigger deletes the row at once. `due`: open, untouched and not yet breached (the sweeper's breach, so a breach is recorded and escalated once, and never after the owner accepted or touched the handover). `held`: open with the owner `owner_id` (a decision or a touch, checked against that owner).
CREATE TABLE `handover_checks` (
	`handover_id` text NOT NULL,
	`kind` text NOT NULL,
	`owner_id` text
);
--> statement-breakpoint
CREATE TRIGGER `handover_checks_due` BEFORE INSERT ON `handover_checks`
WHEN NEW.`kind` = 'due' AND NOT EXISTS (SELECT 1 FROM `handovers` h WHERE h.`id` = NEW.`handover_id` AND h.`state` = 'open' AND h.`first_touch_at` IS NULL AND h.`breached_at` IS NULL)
BEGIN
	SELECT RAISE(ABORT, 'handover_not_due: the handover is no longer open, untouched and unbreached');
END;
--> statement-breakpoint
CREATE TRIGGER `handover_checks_held` BEFORE INSERT ON `handover_checks`
WHEN NEW.`kind` = 'held' AND NOT EXISTS (SELECT 1 FROM `handovers` h WHERE h.`id` = NEW.`handover_id` AND h.`state` = 'open' AND h.`owner_id` = NEW.`owner_id`)
BEGIN
	SELECT RAISE(ABORT, 'handover_moved: the handover is no longer open with the owner it was read with');
END;
--> statement-breakpoint
CREATE TRIGGER `handover_checks_unknown` BEFORE INSERT ON `handover_checks`
WHEN NEW.`kind` NOT IN ('due', 'held')
BEGIN
	SELECT RAISE(ABORT, 'handover_checks: unknown kind');
END;
--> statement-breakpoint
CREATE TRIGGER `handover_checks_cleared` AFTER INSERT ON `handover_checks`
BEGIN
	DELETE FROM `handover_checks` WHERE rowid = NEW.rowid;
END;
