-- A lead's events in the scoring window are read on every re-score (ingest, charter activation) and packet: the lead-and-time index also holds what scoring reads, so no event row is fetched from the table.
DROP INDEX IF EXISTS `events_lead_at`;
--> statement-breakpoint
CREATE INDEX `events_lead_at` ON `events` (`lead_id`,`at`,`type`,`id`,`properties`);
