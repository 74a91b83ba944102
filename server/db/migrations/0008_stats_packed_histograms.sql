DROP TRIGGER IF EXISTS `rep_stats_handover_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `rep_stats_handover_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `rep_stats_handover_delete`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `rep_stats_decision_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `rep_stats_decision_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `rep_stats_decision_delete`;
--> statement-breakpoint
DROP TABLE `rep_delay_histograms`;
--> statement-breakpoint
CREATE TABLE `rep_delay_histograms` (
	`grain` text NOT NULL,
	`period` text NOT NULL,
	`owner_id` text NOT NULL,
	`kind` text NOT NULL,
	`b0_1` integer DEFAULT 0 NOT NULL,
	`b2_3` integer DEFAULT 0 NOT NULL,
	`b4_5` integer DEFAULT 0 NOT NULL,
	`b6_7` integer DEFAULT 0 NOT NULL,
	`b8_9` integer DEFAULT 0 NOT NULL,
	`b10_11` integer DEFAULT 0 NOT NULL,
	`b12_13` integer DEFAULT 0 NOT NULL,
	`b14_15` integer DEFAULT 0 NOT NULL,
	`b16_17` integer DEFAULT 0 NOT NULL,
	`b18_19` integer DEFAULT 0 NOT NULL,
	`b20_21` integer DEFAULT 0 NOT NULL,
	`b22_23` integer DEFAULT 0 NOT NULL,
	`b24_25` integer DEFAULT 0 NOT NULL,
	`b26_27` integer DEFAULT 0 NOT NULL,
	`b28_29` integer DEFAULT 0 NOT NULL,
	`b30_31` integer DEFAULT 0 NOT NULL,
	`b32_33` integer DEFAULT 0 NOT NULL,
	`b34_35` integer DEFAULT 0 NOT NULL,
	`b36_37` integer DEFAULT 0 NOT NULL,
	`b38_39` integer DEFAULT 0 NOT NULL,
	`b40_41` integer DEFAULT 0 NOT NULL,
	`b42_43` integer DEFAULT 0 NOT NULL,
	`b44_45` integer DEFAULT 0 NOT NULL,
	`b46_47` integer DEFAULT 0 NOT NULL,
	`b48_49` integer DEFAULT 0 NOT NULL,
	`b50_51` integer DEFAULT 0 NOT NULL,
	`b52_53` integer DEFAULT 0 NOT NULL,
	`b54_55` integer DEFAULT 0 NOT NULL,
	`b56_57` integer DEFAULT 0 NOT NULL,
	`b58_59` integer DEFAULT 0 NOT NULL,
	`b60_61` integer DEFAULT 0 NOT NULL,
	`b62_63` integer DEFAULT 0 NOT NULL,
	`b64_65` integer DEFAULT 0 NOT NULL,
	`b66_67` integer DEFAULT 0 NOT NULL,
	`b68_69` integer DEFAULT 0 NOT NULL,
	`b70_71` integer DEFAULT 0 NOT NULL,
	`b72_73` integer DEFAULT 0 NOT NULL,
	`b74_75` integer DEFAULT 0 NOT NULL,
	`b76_77` integer DEFAULT 0 NOT NULL,
	`b78_79` integer DEFAULT 0 NOT NULL,
	`b80` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`grain`, `period`, `owner_id`, `kind`)
);
--> statement-breakpoint
DROP INDEX IF EXISTS `handovers_untouched_deadline`;
--> statement-breakpoint
CREATE INDEX `handovers_untouched_deadline` ON `handovers` (`deadline`,`started_at`,`original_owner_id`,`id`,`first_touch_at`) WHERE `first_touch_at` IS NULL;
--> statement-breakpoint
DELETE FROM `stats_aggregates`;
