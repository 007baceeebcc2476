-- create "accounts" table
CREATE TABLE `accounts` (`id` text NOT NULL, `created_at` datetime NOT NULL, `email` text NOT NULL, `email_key` text NOT NULL, `email_domain` text NOT NULL, `name` text NOT NULL, `name_key` text NOT NULL, `nickname` text NULL, `job_title` text NULL, `department` text NULL, `organization` text NULL, `location` text NULL, `time_zone` text NULL, `status` text NOT NULL DEFAULT ('ACTIVE'), `two_step_verification` bool NOT NULL DEFAULT (false), `provisioned` bool NOT NULL DEFAULT (false), `last_active_at` datetime NULL, `last_active_key` integer NOT NULL DEFAULT (0), `deactivated_at` datetime NULL, `deactivation_message` text NULL, `deletion_scheduled_for` datetime NULL, `has_site_access` bool NOT NULL DEFAULT (false), `password_hash` text NULL, `policy_id` text NULL, `managing_org_id` text NULL, PRIMARY KEY (`id`), CONSTRAINT `accounts_authentication_policies_accounts` FOREIGN KEY (`policy_id`) REFERENCES `authentication_policies` (`id`) ON DELETE SET NULL, CONSTRAINT `accounts_organizations_managed_accounts` FOREIGN KEY (`managing_org_id`) REFERENCES `organizations` (`id`) ON DELETE SET NULL);
-- create index "accounts_email_key_key" to table: "accounts"
CREATE UNIQUE INDEX `accounts_email_key_key` ON `accounts` (`email_key`);
-- create index "account_managing_org_id_status" to table: "accounts"
CREATE INDEX `account_managing_org_id_status` ON `accounts` (`managing_org_id`, `status`);
-- create index "account_managing_org_id_name_key_id" to table: "accounts"
CREATE INDEX `account_managing_org_id_name_key_id` ON `accounts` (`managing_org_id`, `name_key`, `id`);
-- create index "account_managing_org_id_email_key_id" to table: "accounts"
CREATE INDEX `account_managing_org_id_email_key_id` ON `accounts` (`managing_org_id`, `email_key`, `id`);
-- create index "account_managing_org_id_last_active_key_id" to table: "accounts"
CREATE INDEX `account_managing_org_id_last_active_key_id` ON `accounts` (`managing_org_id`, `last_active_key`, `id`);
-- create index "account_name_key" to table: "accounts"
CREATE INDEX `account_name_key` ON `accounts` (`name_key`);
-- create index "account_email_domain" to table: "accounts"
CREATE INDEX `account_email_domain` ON `accounts` (`email_domain`);
-- create index "account_status_deletion_scheduled_for" to table: "accounts"
CREATE INDEX `account_status_deletion_scheduled_for` ON `accounts` (`status`, `deletion_scheduled_for`);
-- create "account_activity_days" table
CREATE TABLE `account_activity_days` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `org_id` text NOT NULL, `day` integer NOT NULL, `count` integer NOT NULL);
-- create index "accountactivityday_org_id_day" to table: "account_activity_days"
CREATE UNIQUE INDEX `accountactivityday_org_id_day` ON `account_activity_days` (`org_id`, `day`);
-- create "account_stat_cells" table
CREATE TABLE `account_stat_cells` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `org_id` text NOT NULL, `policy_id` text NOT NULL, `status` text NOT NULL, `two_step` bool NOT NULL, `site_access` bool NOT NULL, `count` integer NOT NULL);
-- create index "accountstatcell_org_id_policy_id_status_two_step_site_access" to table: "account_stat_cells"
CREATE UNIQUE INDEX `accountstatcell_org_id_policy_id_status_two_step_site_access` ON `account_stat_cells` (`org_id`, `policy_id`, `status`, `two_step`, `site_access`);
-- create "account_suggestions" table
CREATE TABLE `account_suggestions` (`id` text NOT NULL, `created_at` datetime NOT NULL, `from_org_id` text NOT NULL, `suggested_by_label` text NOT NULL, `changes` json NOT NULL, `account_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `account_suggestions_accounts_suggestions` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION);
-- create index "accountsuggestion_account_id" to table: "account_suggestions"
CREATE INDEX `accountsuggestion_account_id` ON `account_suggestions` (`account_id`);
-- create "admin_roles" table
CREATE TABLE `admin_roles` (`id` text NOT NULL, `created_at` datetime NOT NULL, `role` text NOT NULL, `account_id` text NOT NULL, `org_id` text NOT NULL, `site_id` text NULL, PRIMARY KEY (`id`), CONSTRAINT `admin_roles_accounts_admin_roles` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION, CONSTRAINT `admin_roles_organizations_admin_roles` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION, CONSTRAINT `admin_roles_sites_admin_roles` FOREIGN KEY (`site_id`) REFERENCES `sites` (`id`) ON DELETE SET NULL);
-- create index "adminrole_account_id_org_id" to table: "admin_roles"
CREATE UNIQUE INDEX `adminrole_account_id_org_id` ON `admin_roles` (`account_id`, `org_id`) WHERE site_id IS NULL;
-- create index "adminrole_account_id_site_id" to table: "admin_roles"
CREATE UNIQUE INDEX `adminrole_account_id_site_id` ON `admin_roles` (`account_id`, `site_id`) WHERE site_id IS NOT NULL;
-- create "api_keys" table
CREATE TABLE `api_keys` (`id` text NOT NULL, `created_at` datetime NOT NULL, `name` text NOT NULL, `read_only` bool NOT NULL DEFAULT (true), `secret_hash` blob NOT NULL, `created_by` text NULL, `expires_at` datetime NULL, `last_used_at` datetime NULL, `revoked_at` datetime NULL, `org_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `api_keys_organizations_api_keys` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION);
-- create index "api_keys_secret_hash_key" to table: "api_keys"
CREATE UNIQUE INDEX `api_keys_secret_hash_key` ON `api_keys` (`secret_hash`);
-- create "api_tokens" table
CREATE TABLE `api_tokens` (`id` text NOT NULL, `created_at` datetime NOT NULL, `label` text NOT NULL, `last_used_at` datetime NULL, `expires_at` datetime NULL, `account_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `api_tokens_accounts_api_tokens` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION);
-- create "audit_events" table
CREATE TABLE `audit_events` (`id` text NOT NULL, `org_id` text NOT NULL, `time` datetime NOT NULL, `actor_type` text NOT NULL, `actor_id` text NULL, `actor_label` text NOT NULL, `action` text NOT NULL, `target_type` text NOT NULL, `target_id` text NULL, `target_label` text NOT NULL, `account_id` text NULL, `details` json NULL, PRIMARY KEY (`id`));
-- create index "auditevent_org_id_id" to table: "audit_events"
CREATE INDEX `auditevent_org_id_id` ON `audit_events` (`org_id`, `id`);
-- create index "auditevent_target_id" to table: "audit_events"
CREATE INDEX `auditevent_target_id` ON `audit_events` (`target_id`);
-- create index "auditevent_actor_id" to table: "audit_events"
CREATE INDEX `auditevent_actor_id` ON `audit_events` (`actor_id`);
-- create index "auditevent_account_id_id" to table: "audit_events"
CREATE INDEX `auditevent_account_id_id` ON `audit_events` (`account_id`, `id`);
-- create "authentication_policies" table
CREATE TABLE `authentication_policies` (`id` text NOT NULL, `created_at` datetime NOT NULL, `name` text NOT NULL, `billable` bool NOT NULL DEFAULT (true), `is_default` bool NOT NULL DEFAULT (false), `enforce_sso` bool NOT NULL DEFAULT (false), `enforce_two_step` bool NOT NULL DEFAULT (false), `password_strength` text NOT NULL DEFAULT ('MEDIUM'), `password_expiry_days` integer NOT NULL DEFAULT (0), `idle_session_minutes` integer NOT NULL DEFAULT (43200), `org_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `authentication_policies_organizations_authentication_policies` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION);
-- create index "authenticationpolicy_org_id_name" to table: "authentication_policies"
CREATE UNIQUE INDEX `authenticationpolicy_org_id_name` ON `authentication_policies` (`org_id`, `name`);
-- create "devices" table
CREATE TABLE `devices` (`id` text NOT NULL, `created_at` datetime NOT NULL, `name` text NOT NULL, `user_agent` text NULL, `location` text NULL, `last_used_at` datetime NOT NULL, `account_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `devices_accounts_devices` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION);
-- create "domains" table
CREATE TABLE `domains` (`id` text NOT NULL, `created_at` datetime NOT NULL, `name` text NOT NULL, `status` text NOT NULL DEFAULT ('UNVERIFIED'), `method` text NULL, `token` text NOT NULL, `verified_at` datetime NULL, `claimed_at` datetime NULL, `last_checked_at` datetime NULL, `last_check_error` text NULL, `org_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `domains_organizations_domains` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION);
-- create index "domain_org_id_name" to table: "domains"
CREATE UNIQUE INDEX `domain_org_id_name` ON `domains` (`org_id`, `name`);
-- create index "domain_name" to table: "domains"
CREATE UNIQUE INDEX `domain_name` ON `domains` (`name`) WHERE status = 'VERIFIED';
-- create "groups" table
CREATE TABLE `groups` (`id` text NOT NULL, `created_at` datetime NOT NULL, `name` text NOT NULL, `description` text NULL, `is_default` bool NOT NULL DEFAULT (false), `site_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `groups_sites_groups` FOREIGN KEY (`site_id`) REFERENCES `sites` (`id`) ON DELETE NO ACTION);
-- create index "group_site_id_name" to table: "groups"
CREATE UNIQUE INDEX `group_site_id_name` ON `groups` (`site_id`, `name`);
-- create "group_grants" table
CREATE TABLE `group_grants` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `product` text NOT NULL, `role` text NOT NULL, `group_id` text NOT NULL, CONSTRAINT `group_grants_groups_grants` FOREIGN KEY (`group_id`) REFERENCES `groups` (`id`) ON DELETE NO ACTION);
-- create index "groupgrant_group_id_product_role" to table: "group_grants"
CREATE UNIQUE INDEX `groupgrant_group_id_product_role` ON `group_grants` (`group_id`, `product`, `role`);
-- create "memberships" table
CREATE TABLE `memberships` (`id` text NOT NULL, `status` text NOT NULL, `name_key` text NOT NULL, `email_key` text NOT NULL, `invited_at` datetime NULL, `invited_by` text NULL, `added_at` datetime NOT NULL, `last_active_at` datetime NULL, `last_active_key` integer NOT NULL DEFAULT (0), `suspended_at` datetime NULL, `suspension_reason` text NULL, `suspended_from` text NULL, `removed_at` datetime NULL, `account_id` text NOT NULL, `site_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `memberships_accounts_memberships` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION, CONSTRAINT `memberships_sites_memberships` FOREIGN KEY (`site_id`) REFERENCES `sites` (`id`) ON DELETE NO ACTION);
-- create index "membership_account_id_site_id" to table: "memberships"
CREATE UNIQUE INDEX `membership_account_id_site_id` ON `memberships` (`account_id`, `site_id`) WHERE removed_at IS NULL;
-- create index "membership_site_id_status" to table: "memberships"
CREATE INDEX `membership_site_id_status` ON `memberships` (`site_id`, `status`);
-- create index "membership_site_id_last_active_key_id" to table: "memberships"
CREATE INDEX `membership_site_id_last_active_key_id` ON `memberships` (`site_id`, `last_active_key`, `id`);
-- create index "membership_site_id_name_key_id" to table: "memberships"
CREATE INDEX `membership_site_id_name_key_id` ON `memberships` (`site_id`, `name_key`, `id`);
-- create index "membership_site_id_email_key_id" to table: "memberships"
CREATE INDEX `membership_site_id_email_key_id` ON `memberships` (`site_id`, `email_key`, `id`);
-- create "org_users" table
CREATE TABLE `org_users` (`id` text NOT NULL, `org_id` text NOT NULL, `status` text NOT NULL, `name_key` text NOT NULL, `email_key` text NOT NULL, `managed` bool NOT NULL, `last_active_at` datetime NULL, `last_active_key` integer NOT NULL DEFAULT (0), `account_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `org_users_accounts_org_users` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION);
-- create index "orguser_org_id_account_id" to table: "org_users"
CREATE UNIQUE INDEX `orguser_org_id_account_id` ON `org_users` (`org_id`, `account_id`);
-- create index "orguser_org_id_name_key_id" to table: "org_users"
CREATE INDEX `orguser_org_id_name_key_id` ON `org_users` (`org_id`, `name_key`, `id`);
-- create index "orguser_org_id_email_key_id" to table: "org_users"
CREATE INDEX `orguser_org_id_email_key_id` ON `org_users` (`org_id`, `email_key`, `id`);
-- create index "orguser_org_id_last_active_key_id" to table: "org_users"
CREATE INDEX `orguser_org_id_last_active_key_id` ON `org_users` (`org_id`, `last_active_key`, `id`);
-- create index "orguser_org_id_status_id" to table: "org_users"
CREATE INDEX `orguser_org_id_status_id` ON `org_users` (`org_id`, `status`, `id`);
-- create "organizations" table
CREATE TABLE `organizations` (`id` text NOT NULL, `created_at` datetime NOT NULL, `name` text NOT NULL, `user_management` text NOT NULL, PRIMARY KEY (`id`));
-- create "sessions" table
CREATE TABLE `sessions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `token_hash` blob NOT NULL, `last_seen_at` datetime NOT NULL, `expires_at` datetime NOT NULL, `account_id` text NOT NULL, CONSTRAINT `sessions_accounts_sessions` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION);
-- create index "sessions_token_hash_key" to table: "sessions"
CREATE UNIQUE INDEX `sessions_token_hash_key` ON `sessions` (`token_hash`);
-- create index "session_account_id" to table: "sessions"
CREATE INDEX `session_account_id` ON `sessions` (`account_id`);
-- create "sites" table
CREATE TABLE `sites` (`id` text NOT NULL, `created_at` datetime NOT NULL, `name` text NOT NULL, `url` text NOT NULL, `products` json NOT NULL, `org_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `sites_organizations_sites` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION);
-- create index "sites_name_key" to table: "sites"
CREATE UNIQUE INDEX `sites_name_key` ON `sites` (`name`);
-- create "user_stat_cells" table
CREATE TABLE `user_stat_cells` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `scope_id` text NOT NULL, `status` text NOT NULL, `count` integer NOT NULL);
-- create index "userstatcell_scope_id_status" to table: "user_stat_cells"
CREATE UNIQUE INDEX `userstatcell_scope_id_status` ON `user_stat_cells` (`scope_id`, `status`);
-- create "group_members" table
CREATE TABLE `group_members` (`group_id` text NOT NULL, `membership_id` text NOT NULL, PRIMARY KEY (`group_id`, `membership_id`), CONSTRAINT `group_members_group_id` FOREIGN KEY (`group_id`) REFERENCES `groups` (`id`) ON DELETE CASCADE, CONSTRAINT `group_members_membership_id` FOREIGN KEY (`membership_id`) REFERENCES `memberships` (`id`) ON DELETE CASCADE);
