-- reverse: create index "sessions_token_hash_key" to table: "sessions"
DROP INDEX "sessions_token_hash_key";
-- reverse: create index "session_account_id" to table: "sessions"
DROP INDEX "session_account_id";
-- reverse: create "sessions" table
DROP TABLE "sessions";
-- reverse: create index "orguser_org_id_status_id" to table: "org_users"
DROP INDEX "orguser_org_id_status_id";
-- reverse: create index "orguser_org_id_name_key_id" to table: "org_users"
DROP INDEX "orguser_org_id_name_key_id";
-- reverse: create index "orguser_org_id_last_active_key_id" to table: "org_users"
DROP INDEX "orguser_org_id_last_active_key_id";
-- reverse: create index "orguser_org_id_email_key_id" to table: "org_users"
DROP INDEX "orguser_org_id_email_key_id";
-- reverse: create index "orguser_org_id_account_id" to table: "org_users"
DROP INDEX "orguser_org_id_account_id";
-- reverse: create "org_users" table
DROP TABLE "org_users";
-- reverse: create "group_members" table
DROP TABLE "group_members";
-- reverse: create index "membership_site_id_status" to table: "memberships"
DROP INDEX "membership_site_id_status";
-- reverse: create index "membership_site_id_name_key_id" to table: "memberships"
DROP INDEX "membership_site_id_name_key_id";
-- reverse: create index "membership_site_id_last_active_key_id" to table: "memberships"
DROP INDEX "membership_site_id_last_active_key_id";
-- reverse: create index "membership_site_id_email_key_id" to table: "memberships"
DROP INDEX "membership_site_id_email_key_id";
-- reverse: create index "membership_account_id_site_id" to table: "memberships"
DROP INDEX "membership_account_id_site_id";
-- reverse: create "memberships" table
DROP TABLE "memberships";
-- reverse: create index "groupgrant_group_id_product_role" to table: "group_grants"
DROP INDEX "groupgrant_group_id_product_role";
-- reverse: create "group_grants" table
DROP TABLE "group_grants";
-- reverse: create index "group_site_id_name" to table: "groups"
DROP INDEX "group_site_id_name";
-- reverse: create "groups" table
DROP TABLE "groups";
-- reverse: create index "domain_org_id_name" to table: "domains"
DROP INDEX "domain_org_id_name";
-- reverse: create index "domain_name" to table: "domains"
DROP INDEX "domain_name";
-- reverse: create "domains" table
DROP TABLE "domains";
-- reverse: create "devices" table
DROP TABLE "devices";
-- reverse: create "api_tokens" table
DROP TABLE "api_tokens";
-- reverse: create index "api_keys_secret_hash_key" to table: "api_keys"
DROP INDEX "api_keys_secret_hash_key";
-- reverse: create "api_keys" table
DROP TABLE "api_keys";
-- reverse: create index "adminrole_account_id_site_id" to table: "admin_roles"
DROP INDEX "adminrole_account_id_site_id";
-- reverse: create index "adminrole_account_id_org_id" to table: "admin_roles"
DROP INDEX "adminrole_account_id_org_id";
-- reverse: create "admin_roles" table
DROP TABLE "admin_roles";
-- reverse: create index "sites_name_key" to table: "sites"
DROP INDEX "sites_name_key";
-- reverse: create "sites" table
DROP TABLE "sites";
-- reverse: create index "accountsuggestion_account_id" to table: "account_suggestions"
DROP INDEX "accountsuggestion_account_id";
-- reverse: create "account_suggestions" table
DROP TABLE "account_suggestions";
-- reverse: create index "accounts_email_key_key" to table: "accounts"
DROP INDEX "accounts_email_key_key";
-- reverse: create index "account_status_deletion_scheduled_for" to table: "accounts"
DROP INDEX "account_status_deletion_scheduled_for";
-- reverse: create index "account_name_key" to table: "accounts"
DROP INDEX "account_name_key";
-- reverse: create index "account_managing_org_id_status" to table: "accounts"
DROP INDEX "account_managing_org_id_status";
-- reverse: create index "account_managing_org_id_name_key_id" to table: "accounts"
DROP INDEX "account_managing_org_id_name_key_id";
-- reverse: create index "account_managing_org_id_last_active_key_id" to table: "accounts"
DROP INDEX "account_managing_org_id_last_active_key_id";
-- reverse: create index "account_managing_org_id_email_key_id" to table: "accounts"
DROP INDEX "account_managing_org_id_email_key_id";
-- reverse: create index "account_email_domain" to table: "accounts"
DROP INDEX "account_email_domain";
-- reverse: create "accounts" table
DROP TABLE "accounts";
-- reverse: create index "authenticationpolicy_org_id_name" to table: "authentication_policies"
DROP INDEX "authenticationpolicy_org_id_name";
-- reverse: create "authentication_policies" table
DROP TABLE "authentication_policies";
-- reverse: create index "sign_in_throttles_key_key" to table: "sign_in_throttles"
DROP INDEX "sign_in_throttles_key_key";
-- reverse: create "sign_in_throttles" table
DROP TABLE "sign_in_throttles";
-- reverse: create index "auditevent_target_id" to table: "audit_events"
DROP INDEX "auditevent_target_id";
-- reverse: create index "auditevent_org_id_id" to table: "audit_events"
DROP INDEX "auditevent_org_id_id";
-- reverse: create index "auditevent_actor_id" to table: "audit_events"
DROP INDEX "auditevent_actor_id";
-- reverse: create index "auditevent_account_id_id" to table: "audit_events"
DROP INDEX "auditevent_account_id_id";
-- reverse: create "audit_events" table
DROP TABLE "audit_events";
-- reverse: create index "userstatcell_scope_id_status" to table: "user_stat_cells"
DROP INDEX "userstatcell_scope_id_status";
-- reverse: create "user_stat_cells" table
DROP TABLE "user_stat_cells";
-- reverse: create index "accountstatcell_org_id_policy_id_status_two_step_site_access" to table: "account_stat_cells"
DROP INDEX "accountstatcell_org_id_policy_id_status_two_step_site_access";
-- reverse: create "account_stat_cells" table
DROP TABLE "account_stat_cells";
-- reverse: create index "accountactivityday_org_id_day" to table: "account_activity_days"
DROP INDEX "accountactivityday_org_id_day";
-- reverse: create "account_activity_days" table
DROP TABLE "account_activity_days";
-- reverse: create "organizations" table
DROP TABLE "organizations";
