CREATE TABLE `check_results` (
	`source_id` text NOT NULL,
	`check_id` text NOT NULL,
	`subject_external_id` text NOT NULL,
	`subject_name` text,
	`observed` text NOT NULL,
	`result` text NOT NULL,
	`detail` text,
	`first_seen_run` integer NOT NULL,
	`last_seen_run` integer NOT NULL,
	`expired_at` text,
	`dataset` text,
	PRIMARY KEY(`source_id`, `check_id`, `subject_external_id`),
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `check_results_seen_idx` ON `check_results` (`source_id`,`last_seen_run`);--> statement-breakpoint
CREATE TABLE `repo_permissions` (
	`source_id` text NOT NULL,
	`repo_external_id` text NOT NULL,
	`repo_name` text NOT NULL,
	`principal_type` text NOT NULL,
	`principal_external_id` text NOT NULL,
	`principal_name` text NOT NULL,
	`permission` text NOT NULL,
	`role_name` text,
	`via` text NOT NULL,
	`first_seen_run` integer NOT NULL,
	`last_seen_run` integer NOT NULL,
	`expired_at` text,
	`dataset` text,
	PRIMARY KEY(`source_id`, `repo_external_id`, `principal_type`, `principal_external_id`, `via`),
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `repo_permissions_seen_idx` ON `repo_permissions` (`source_id`,`last_seen_run`);--> statement-breakpoint
CREATE TABLE `source_settings` (
	`source_id` text NOT NULL,
	`name` text NOT NULL,
	`value` text,
	`visible` integer NOT NULL,
	`note` text,
	`first_seen_run` integer NOT NULL,
	`last_seen_run` integer NOT NULL,
	`expired_at` text,
	`dataset` text,
	PRIMARY KEY(`source_id`, `name`),
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `source_settings_seen_idx` ON `source_settings` (`source_id`,`last_seen_run`);--> statement-breakpoint
ALTER TABLE `accounts` ADD `dataset` text;--> statement-breakpoint
ALTER TABLE `admin_roles` ADD `dataset` text;--> statement-breakpoint
ALTER TABLE `app_assignments` ADD `dataset` text;--> statement-breakpoint
ALTER TABLE `apps` ADD `dataset` text;--> statement-breakpoint
ALTER TABLE `group_members` ADD `dataset` text;--> statement-breakpoint
ALTER TABLE `groups` ADD `dataset` text;