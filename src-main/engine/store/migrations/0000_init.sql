CREATE TABLE `accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source_id` text NOT NULL,
	`external_id` text NOT NULL,
	`login` text,
	`email` text,
	`display_name` text,
	`status` text NOT NULL,
	`created_at_provider` text,
	`last_login_at` text,
	`attributes` text NOT NULL,
	`first_seen_run` integer NOT NULL,
	`last_seen_run` integer NOT NULL,
	`expired_at` text,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_source_external_idx` ON `accounts` (`source_id`,`external_id`);--> statement-breakpoint
CREATE INDEX `accounts_email_idx` ON `accounts` (lower("email"));--> statement-breakpoint
CREATE INDEX `accounts_seen_idx` ON `accounts` (`source_id`,`last_seen_run`);--> statement-breakpoint
CREATE TABLE `admin_roles` (
	`source_id` text NOT NULL,
	`principal_type` text NOT NULL,
	`principal_external_id` text NOT NULL,
	`role_id` text NOT NULL,
	`role_type` text NOT NULL,
	`role_label` text NOT NULL,
	`assignment_type` text,
	`first_seen_run` integer NOT NULL,
	`last_seen_run` integer NOT NULL,
	`expired_at` text,
	PRIMARY KEY(`source_id`, `principal_type`, `principal_external_id`, `role_id`),
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `admin_roles_seen_idx` ON `admin_roles` (`source_id`,`last_seen_run`);--> statement-breakpoint
CREATE TABLE `app_assignments` (
	`source_id` text NOT NULL,
	`app_external_id` text NOT NULL,
	`principal_type` text NOT NULL,
	`principal_external_id` text NOT NULL,
	`scope` text,
	`first_seen_run` integer NOT NULL,
	`last_seen_run` integer NOT NULL,
	`expired_at` text,
	PRIMARY KEY(`source_id`, `app_external_id`, `principal_type`, `principal_external_id`),
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `app_assignments_seen_idx` ON `app_assignments` (`source_id`,`last_seen_run`);--> statement-breakpoint
CREATE TABLE `apps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source_id` text NOT NULL,
	`external_id` text NOT NULL,
	`name` text NOT NULL,
	`label` text NOT NULL,
	`status` text NOT NULL,
	`sign_on_mode` text,
	`first_seen_run` integer NOT NULL,
	`last_seen_run` integer NOT NULL,
	`expired_at` text,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `apps_source_external_idx` ON `apps` (`source_id`,`external_id`);--> statement-breakpoint
CREATE INDEX `apps_seen_idx` ON `apps` (`source_id`,`last_seen_run`);--> statement-breakpoint
CREATE TABLE `artifacts` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`source_id` text NOT NULL,
	`source_name` text NOT NULL,
	`source_kind` text NOT NULL,
	`run_id` integer,
	`row_count` integer NOT NULL,
	`complete` integer NOT NULL,
	`partial_reason` text,
	`provenance` text NOT NULL,
	`sha256` text NOT NULL,
	`content_path` text NOT NULL,
	`collected_started_at` text NOT NULL,
	`collected_finished_at` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `artifacts_kind_idx` ON `artifacts` (`kind`,`collected_finished_at`);--> statement-breakpoint
CREATE TABLE `connection_checks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source_id` text NOT NULL,
	`status` text NOT NULL,
	`error_class` text,
	`message` text NOT NULL,
	`checked_at` text NOT NULL,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `connection_checks_source_idx` ON `connection_checks` (`source_id`,`checked_at`);--> statement-breakpoint
CREATE TABLE `group_members` (
	`source_id` text NOT NULL,
	`group_external_id` text NOT NULL,
	`account_external_id` text NOT NULL,
	`first_seen_run` integer NOT NULL,
	`last_seen_run` integer NOT NULL,
	`expired_at` text,
	PRIMARY KEY(`source_id`, `group_external_id`, `account_external_id`),
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `group_members_seen_idx` ON `group_members` (`source_id`,`last_seen_run`);--> statement-breakpoint
CREATE TABLE `groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source_id` text NOT NULL,
	`external_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`type` text,
	`reported_member_count` integer,
	`first_seen_run` integer NOT NULL,
	`last_seen_run` integer NOT NULL,
	`expired_at` text,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `groups_source_external_idx` ON `groups` (`source_id`,`external_id`);--> statement-breakpoint
CREATE INDEX `groups_seen_idx` ON `groups` (`source_id`,`last_seen_run`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`owner` text,
	`lease_until` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer DEFAULT 5 NOT NULL,
	`available_at` integer NOT NULL,
	`last_error` text,
	`result` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `jobs_claim_idx` ON `jobs` (`status`,`available_at`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sources` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`config` text NOT NULL,
	`sealed_credentials` text NOT NULL,
	`credential_fingerprint` text NOT NULL,
	`credentials_rotated_at` text NOT NULL,
	`status` text DEFAULT 'untested' NOT NULL,
	`error_class` text,
	`status_message` text,
	`next_step` text,
	`last_tested_at` text,
	`last_synced_at` text,
	`last_sync_status` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sources_name_unique` ON `sources` (`name`);--> statement-breakpoint
CREATE TABLE `sync_datasets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`dataset` text NOT NULL,
	`entity` text NOT NULL,
	`endpoint` text NOT NULL,
	`query` text NOT NULL,
	`pages` integer DEFAULT 0 NOT NULL,
	`rows` integer DEFAULT 0 NOT NULL,
	`reported_count` integer,
	`complete` integer DEFAULT false NOT NULL,
	`reason` text,
	`started_at` text NOT NULL,
	`finished_at` text,
	`artifact_id` text,
	FOREIGN KEY (`run_id`) REFERENCES `sync_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sync_datasets_run_dataset_idx` ON `sync_datasets` (`run_id`,`dataset`);--> statement-breakpoint
CREATE TABLE `sync_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source_id` text NOT NULL,
	`job_id` integer,
	`status` text NOT NULL,
	`reason` text,
	`credential_fingerprint` text NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sync_runs_source_idx` ON `sync_runs` (`source_id`,`id`);