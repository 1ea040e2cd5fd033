-- Incremental linking (docs/architecture.md, Linking): the store records what the linker must look at again.
-- An account whose linking-relevant values changed goes to link_pending; an identity's match keys live in
-- identity_keys, and every key that appears or vanishes goes to link_dirty_keys, so the accounts carrying it
-- are re-decided. Hand-written (drizzle-kit does not generate triggers): keep it when regenerating migrations.
-- No INSERT OR IGNORE here: an upsert that fires a trigger imposes its own conflict handling on the trigger's
-- statements, so duplicates are filtered with NOT EXISTS instead.
CREATE TRIGGER `accounts_link_insert` AFTER INSERT ON `accounts` BEGIN
  INSERT INTO `link_pending` (`account_id`)
    SELECT NEW.`id` WHERE NOT EXISTS (SELECT 1 FROM `link_pending` WHERE `account_id` = NEW.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `accounts_link_update` AFTER UPDATE OF `login`, `email`, `display_name`, `status`, `attributes`, `expired_at` ON `accounts`
WHEN OLD.`login` IS NOT NEW.`login` OR OLD.`email` IS NOT NEW.`email` OR OLD.`display_name` IS NOT NEW.`display_name`
  OR OLD.`status` IS NOT NEW.`status` OR OLD.`attributes` IS NOT NEW.`attributes` OR OLD.`expired_at` IS NOT NEW.`expired_at`
BEGIN
  INSERT INTO `link_pending` (`account_id`)
    SELECT NEW.`id` WHERE NOT EXISTS (SELECT 1 FROM `link_pending` WHERE `account_id` = NEW.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `identities_keys_insert` AFTER INSERT ON `identities` BEGIN
  INSERT INTO `identity_keys` (`kind`, `k`, `identity_id`, `rank`)
    SELECT DISTINCT kind, k, NEW.`id`, NEW.`anchor_rank` FROM (
      SELECT 'e' AS kind, lower(NEW.`email`) AS k UNION ALL SELECT 'a', lower(NEW.`email`)
      UNION ALL SELECT 'a', lower(NEW.`login`) UNION ALL SELECT 'a', lower(NEW.`federated_id`)
    ) WHERE k IS NOT NULL AND k <> '';
  INSERT INTO `link_dirty_keys` (`k`)
    SELECT DISTINCT `k` FROM `identity_keys` WHERE `identity_id` = NEW.`id` AND `k` NOT IN (SELECT `k` FROM `link_dirty_keys`);
END;
--> statement-breakpoint
CREATE TRIGGER `identities_keys_update` AFTER UPDATE OF `email`, `login`, `federated_id`, `anchor_rank` ON `identities`
WHEN OLD.`email` IS NOT NEW.`email` OR OLD.`login` IS NOT NEW.`login` OR OLD.`federated_id` IS NOT NEW.`federated_id`
  OR OLD.`anchor_rank` IS NOT NEW.`anchor_rank`
BEGIN
  INSERT INTO `link_dirty_keys` (`k`)
    SELECT DISTINCT `k` FROM `identity_keys` WHERE `identity_id` = OLD.`id` AND `k` NOT IN (SELECT `k` FROM `link_dirty_keys`);
  DELETE FROM `identity_keys` WHERE `identity_id` = OLD.`id`;
  INSERT INTO `identity_keys` (`kind`, `k`, `identity_id`, `rank`)
    SELECT DISTINCT kind, k, NEW.`id`, NEW.`anchor_rank` FROM (
      SELECT 'e' AS kind, lower(NEW.`email`) AS k UNION ALL SELECT 'a', lower(NEW.`email`)
      UNION ALL SELECT 'a', lower(NEW.`login`) UNION ALL SELECT 'a', lower(NEW.`federated_id`)
    ) WHERE k IS NOT NULL AND k <> '';
  INSERT INTO `link_dirty_keys` (`k`)
    SELECT DISTINCT `k` FROM `identity_keys` WHERE `identity_id` = NEW.`id` AND `k` NOT IN (SELECT `k` FROM `link_dirty_keys`);
END;
--> statement-breakpoint
CREATE TRIGGER `identities_keys_delete` AFTER DELETE ON `identities` BEGIN
  INSERT INTO `link_dirty_keys` (`k`)
    SELECT DISTINCT `k` FROM `identity_keys` WHERE `identity_id` = OLD.`id` AND `k` NOT IN (SELECT `k` FROM `link_dirty_keys`);
  DELETE FROM `identity_keys` WHERE `identity_id` = OLD.`id`;
END;
--> statement-breakpoint
-- Keys of the identities that exist already; the first link run after this migration is a full one.
INSERT OR IGNORE INTO `identity_keys` (`kind`, `k`, `identity_id`, `rank`)
  SELECT kind, k, id, anchor_rank FROM (
    SELECT 'e' AS kind, lower(email) AS k, id, anchor_rank FROM identities
    UNION ALL SELECT 'a', lower(email), id, anchor_rank FROM identities
    UNION ALL SELECT 'a', lower(login), id, anchor_rank FROM identities
  ) WHERE k IS NOT NULL AND k <> '';
