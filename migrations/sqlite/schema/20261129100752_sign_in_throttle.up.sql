-- create "sign_in_throttles" table
CREATE TABLE `sign_in_throttles` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `key` text NOT NULL, `window_start` datetime NOT NULL, `failures` integer NOT NULL);
-- create index "sign_in_throttles_key_key" to table: "sign_in_throttles"
CREATE UNIQUE INDEX `sign_in_throttles_key_key` ON `sign_in_throttles` (`key`);
