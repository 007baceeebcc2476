-- add column "failing_since" to table: "domains"
ALTER TABLE `domains` ADD COLUMN `failing_since` datetime NULL;
