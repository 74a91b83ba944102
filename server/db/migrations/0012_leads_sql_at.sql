-- stats.trends counts the leads that reached SQL in each week of its range by sql_at, without reading every lead (partial: most leads never reach SQL).
CREATE INDEX IF NOT EXISTS `leads_sql_at` ON `leads` (`sql_at`) WHERE `sql_at` IS NOT NULL;
