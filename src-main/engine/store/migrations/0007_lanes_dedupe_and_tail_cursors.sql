CREATE TABLE `tail_cursors` (
	`source_id` text NOT NULL,
	`stream` text NOT NULL,
	`cursor` text NOT NULL,
	`watermark` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`source_id`, `stream`),
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- Hand-added: a store may hold two unfinished jobs of one key (a job stuck running on its last attempt beside
-- a newer one); keep the oldest, fail the others, so the unique index can be built.
UPDATE `jobs` SET `status` = 'failed', `lease_until` = NULL, `updated_at` = CAST(strftime('%s','now') AS INTEGER) * 1000,
  `last_error` = 'superseded: another unfinished job of the same key existed when the dedupe index was added'
WHERE `lock_key` IS NOT NULL AND `status` IN ('queued', 'running')
  AND `id` <> (SELECT min(`j`.`id`) FROM `jobs` AS `j` WHERE `j`.`lock_key` = `jobs`.`lock_key` AND `j`.`status` IN ('queued', 'running'));--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_one_unfinished_per_key` ON `jobs` (`lock_key`) WHERE "jobs"."lock_key" IS NOT NULL AND "jobs"."status" IN ('queued', 'running');