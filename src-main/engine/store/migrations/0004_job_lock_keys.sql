ALTER TABLE `jobs` ADD `lock_key` text;--> statement-breakpoint
CREATE INDEX `jobs_lock_idx` ON `jobs` (`lock_key`,`status`);--> statement-breakpoint
UPDATE `jobs` SET `lock_key` = 'sync:' || json_extract(`payload`, '$.source') WHERE `kind` = 'sync' AND json_valid(`payload`);
