-- The leads whose verdict (stage, criteria, SLA) may have changed since it was last written to the CRMs: a row per lead, its version raised by each change, written by triggers in the same transaction as the change, whichever path or instance made it. The CRM sync drains it (connectors/verdicts.ts) and deletes a row only at the version it read. Nothing is recorded while no CRM is connected.
CREATE TABLE `crm_verdict_changes` (
	`lead_id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE TRIGGER `crm_verdict_lead_inserted` AFTER INSERT ON `leads`
WHEN EXISTS (SELECT 1 FROM `crm_connections`)
BEGIN
	INSERT INTO `crm_verdict_changes` (`lead_id`, `version`) VALUES (NEW.`id`, 1)
	ON CONFLICT (`lead_id`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `crm_verdict_lead_updated` AFTER UPDATE ON `leads`
WHEN EXISTS (SELECT 1 FROM `crm_connections`) AND (
	OLD.`stage` IS NOT NEW.`stage` OR OLD.`stage_path` IS NOT NEW.`stage_path` OR OLD.`target_account` IS NOT NEW.`target_account`
	OR OLD.`fit_level` IS NOT NEW.`fit_level` OR OLD.`engagement_level` IS NOT NEW.`engagement_level`
	OR OLD.`intent_level` IS NOT NEW.`intent_level` OR OLD.`authority_level` IS NOT NEW.`authority_level`
	OR OLD.`charter_version` IS NOT NEW.`charter_version` OR OLD.`mql_at` IS NOT NEW.`mql_at` OR OLD.`sql_at` IS NOT NEW.`sql_at`
	OR OLD.`hubspot_id` IS NOT NEW.`hubspot_id` OR OLD.`salesforce_id` IS NOT NEW.`salesforce_id` OR OLD.`pipedrive_id` IS NOT NEW.`pipedrive_id`)
BEGIN
	INSERT INTO `crm_verdict_changes` (`lead_id`, `version`) VALUES (NEW.`id`, 1)
	ON CONFLICT (`lead_id`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `crm_verdict_handover_inserted` AFTER INSERT ON `handovers`
WHEN EXISTS (SELECT 1 FROM `crm_connections`)
BEGIN
	INSERT INTO `crm_verdict_changes` (`lead_id`, `version`) VALUES (NEW.`lead_id`, 1)
	ON CONFLICT (`lead_id`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `crm_verdict_handover_updated` AFTER UPDATE ON `handovers`
WHEN EXISTS (SELECT 1 FROM `crm_connections`) AND (
	OLD.`owner_id` IS NOT NEW.`owner_id` OR OLD.`state` IS NOT NEW.`state` OR OLD.`deadline` IS NOT NEW.`deadline`
	OR OLD.`first_touch_at` IS NOT NEW.`first_touch_at` OR OLD.`breached_at` IS NOT NEW.`breached_at`)
BEGIN
	INSERT INTO `crm_verdict_changes` (`lead_id`, `version`) VALUES (NEW.`lead_id`, 1)
	ON CONFLICT (`lead_id`) DO UPDATE SET `version` = `version` + 1;
END;
