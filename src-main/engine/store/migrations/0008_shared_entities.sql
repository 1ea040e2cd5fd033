CREATE TABLE `auth_factors` (
	`source_id` text NOT NULL,
	`account_external_id` text NOT NULL,
	`factor_type` text NOT NULL,
	`strength` text NOT NULL,
	`status` text,
	`registered_at` text,
	`last_used_at` text,
	`attributes` text NOT NULL,
	`first_seen_run` integer NOT NULL,
	`last_seen_run` integer NOT NULL,
	`expired_at` text,
	`dataset` text,
	PRIMARY KEY(`source_id`, `account_external_id`, `factor_type`),
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `auth_factors_seen_idx` ON `auth_factors` (`source_id`,`last_seen_run`);--> statement-breakpoint
CREATE TABLE `credentials` (
	`source_id` text NOT NULL,
	`external_id` text NOT NULL,
	`type` text NOT NULL,
	`owner_type` text NOT NULL,
	`owner_external_id` text NOT NULL,
	`owner_name` text,
	`name` text,
	`scopes` text,
	`created_at_provider` text,
	`expires_at` text,
	`last_used_at` text,
	`status` text,
	`attributes` text NOT NULL,
	`first_seen_run` integer NOT NULL,
	`last_seen_run` integer NOT NULL,
	`expired_at` text,
	`dataset` text,
	PRIMARY KEY(`source_id`, `external_id`),
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `credentials_seen_idx` ON `credentials` (`source_id`,`last_seen_run`);--> statement-breakpoint
CREATE TABLE `resource_grants` (
	`source_id` text NOT NULL,
	`resource_type` text NOT NULL,
	`resource_external_id` text NOT NULL,
	`principal_type` text NOT NULL,
	`principal_external_id` text NOT NULL,
	`permission` text NOT NULL,
	`via` text NOT NULL,
	`via_external_id` text NOT NULL,
	`resource_name` text,
	`principal_name` text,
	`access_level` text,
	`expires_at` text,
	`attributes` text NOT NULL,
	`first_seen_run` integer NOT NULL,
	`last_seen_run` integer NOT NULL,
	`expired_at` text,
	`dataset` text,
	PRIMARY KEY(`source_id`, `resource_type`, `resource_external_id`, `principal_type`, `principal_external_id`, `permission`, `via`, `via_external_id`),
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `resource_grants_seen_idx` ON `resource_grants` (`source_id`,`last_seen_run`);--> statement-breakpoint
CREATE INDEX `resource_grants_principal_idx` ON `resource_grants` (`source_id`,`principal_type`,`principal_external_id`);--> statement-breakpoint
CREATE TABLE `resources` (
	`source_id` text NOT NULL,
	`type` text NOT NULL,
	`external_id` text NOT NULL,
	`name` text NOT NULL,
	`parent_external_id` text,
	`visibility` text,
	`status` text,
	`created_at_provider` text,
	`attributes` text NOT NULL,
	`first_seen_run` integer NOT NULL,
	`last_seen_run` integer NOT NULL,
	`expired_at` text,
	`dataset` text,
	PRIMARY KEY(`source_id`, `type`, `external_id`),
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `resources_seen_idx` ON `resources` (`source_id`,`last_seen_run`);--> statement-breakpoint
CREATE TABLE `roles` (
	`source_id` text NOT NULL,
	`external_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`built_in` integer,
	`privileged` integer,
	`permissions` text NOT NULL,
	`attributes` text NOT NULL,
	`first_seen_run` integer NOT NULL,
	`last_seen_run` integer NOT NULL,
	`expired_at` text,
	`dataset` text,
	PRIMARY KEY(`source_id`, `external_id`),
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `roles_seen_idx` ON `roles` (`source_id`,`last_seen_run`);--> statement-breakpoint
ALTER TABLE `admin_roles` ADD `scope` text;