-- reverse: create index "account_managing_org_id_name_key_id_email_key" to table: "accounts"
DROP INDEX "account_managing_org_id_name_key_id_email_key";
-- reverse: create index "account_managing_org_id_email_key_id_name_key" to table: "accounts"
DROP INDEX "account_managing_org_id_email_key_id_name_key";
-- reverse: drop index "account_managing_org_id_name_key_id" from table: "accounts"
CREATE INDEX "account_managing_org_id_name_key_id" ON "accounts" ("managing_org_id", "name_key", "id");
-- reverse: drop index "account_managing_org_id_email_key_id" from table: "accounts"
CREATE INDEX "account_managing_org_id_email_key_id" ON "accounts" ("managing_org_id", "email_key", "id");
