-- stats.outcomes: the MQLs of a range read by mql_at, the rejections of a range by when they were decided, without reading either table whole.
CREATE INDEX `leads_mql_at` ON `leads` (`mql_at`);
--> statement-breakpoint
CREATE INDEX `decisions_kind_decided` ON `decisions` (`kind`,`decided_at`);
