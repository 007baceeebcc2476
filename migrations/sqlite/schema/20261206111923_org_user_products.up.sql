-- add column "products" to table: "org_users"
ALTER TABLE `org_users` ADD COLUMN `products` text NOT NULL DEFAULT '';
