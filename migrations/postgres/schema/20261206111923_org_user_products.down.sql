-- reverse: modify "org_users" table
ALTER TABLE "org_users" DROP COLUMN "products";
