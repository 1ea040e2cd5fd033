CREATE TABLE `account_links` (
	`account_id` integer PRIMARY KEY NOT NULL,
	`identity_id` integer,
	`reason` text NOT NULL,
	`decided_by` text,
	`decided_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`identity_id`) REFERENCES `identities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `account_links_identity_idx` ON `account_links` (`identity_id`);--> statement-breakpoint
CREATE TABLE `account_marks` (
	`account_id` integer PRIMARY KEY NOT NULL,
	`mark` text NOT NULL,
	`reason` text NOT NULL,
	`marked_by` text NOT NULL,
	`marked_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `identities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`anchor_account_id` integer NOT NULL,
	`display_name` text,
	`email` text,
	`login` text,
	`status` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`anchor_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `identities_anchor_account_id_unique` ON `identities` (`anchor_account_id`);--> statement-breakpoint
CREATE INDEX `identities_email_idx` ON `identities` (lower("email"));--> statement-breakpoint
CREATE INDEX `identities_login_idx` ON `identities` (lower("login"));