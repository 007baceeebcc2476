-- drop index "account_managing_org_id_name_key_id" from table: "accounts"
DROP INDEX `account_managing_org_id_name_key_id`;
-- drop index "account_managing_org_id_email_key_id" from table: "accounts"
DROP INDEX `account_managing_org_id_email_key_id`;
-- create index "account_managing_org_id_name_key_id_email_key" to table: "accounts"
CREATE INDEX `account_managing_org_id_name_key_id_email_key` ON `accounts` (`managing_org_id`, `name_key`, `id`, `email_key`);
-- create index "account_managing_org_id_email_key_id_name_key" to table: "accounts"
CREATE INDEX `account_managing_org_id_email_key_id_name_key` ON `accounts` (`managing_org_id`, `email_key`, `id`, `name_key`);
