-- reverse: create index "orguser_org_id_status_id" to table: "org_users"
DROP INDEX `orguser_org_id_status_id`;
-- reverse: create index "orguser_org_id_last_active_key_id" to table: "org_users"
DROP INDEX `orguser_org_id_last_active_key_id`;
-- reverse: create index "orguser_org_id_email_key_id" to table: "org_users"
DROP INDEX `orguser_org_id_email_key_id`;
-- reverse: create index "orguser_org_id_name_key_id" to table: "org_users"
DROP INDEX `orguser_org_id_name_key_id`;
-- reverse: create index "orguser_org_id_account_id" to table: "org_users"
DROP INDEX `orguser_org_id_account_id`;
-- reverse: create "new_org_users" table
DROP TABLE `new_org_users`;
