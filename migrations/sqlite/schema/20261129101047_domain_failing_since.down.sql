-- reverse: add column "failing_since" to table: "domains"
ALTER TABLE `domains` DROP COLUMN `failing_since`;
