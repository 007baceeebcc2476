-- reverse: create index "sign_in_throttles_key_key" to table: "sign_in_throttles"
DROP INDEX `sign_in_throttles_key_key`;
-- reverse: create "sign_in_throttles" table
DROP TABLE `sign_in_throttles`;
