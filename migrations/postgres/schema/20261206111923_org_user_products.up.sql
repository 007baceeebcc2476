-- modify "org_users" table
ALTER TABLE "org_users" ADD COLUMN "products" character varying NOT NULL DEFAULT '';
