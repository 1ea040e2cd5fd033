CREATE TABLE `account_link_state` (
	`account_id` integer PRIMARY KEY NOT NULL,
	`anchor_key` text,
	`queue_reason` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `account_link_state_anchor_idx` ON `account_link_state` (`anchor_key`);--> statement-breakpoint
CREATE INDEX `account_link_state_queue_idx` ON `account_link_state` (`queue_reason`);--> statement-breakpoint
CREATE TABLE `identity_keys` (
	`kind` text NOT NULL,
	`k` text NOT NULL,
	`identity_id` integer NOT NULL,
	`rank` integer NOT NULL,
	PRIMARY KEY(`kind`, `k`, `identity_id`)
);
--> statement-breakpoint
CREATE INDEX `identity_keys_identity_idx` ON `identity_keys` (`identity_id`);--> statement-breakpoint
CREATE TABLE `identity_tokens` (
	`token` text NOT NULL,
	`identity_id` integer NOT NULL,
	PRIMARY KEY(`token`, `identity_id`),
	FOREIGN KEY (`identity_id`) REFERENCES `identities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `identity_tokens_identity_idx` ON `identity_tokens` (`identity_id`);--> statement-breakpoint
CREATE TABLE `link_dirty_keys` (
	`k` text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE `link_pending` (
	`account_id` integer PRIMARY KEY NOT NULL
);
--> statement-breakpoint
ALTER TABLE `identities` ADD `anchored_by` text DEFAULT 'primary' NOT NULL;--> statement-breakpoint
ALTER TABLE `identities` ADD `anchor_rank` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `identities` ADD `federated_id` text;