-- Emails are compared case-insensitively everywhere, so they are stored in lower case
-- (docs/security.md §3). Existing rows are lowered where that collides with no other account;
-- a collision is left for an operator to resolve (NOT VALID skips old rows), while every new
-- or changed row must be lower case.
UPDATE "users" SET "email" = lower("email")
WHERE "email" <> lower("email")
  AND NOT EXISTS (SELECT 1 FROM "users" AS "other" WHERE "other"."email" = lower("users"."email"));
ALTER TABLE "users" ADD CONSTRAINT "users_email_lower_case" CHECK ("email" = lower("email")) NOT VALID;

UPDATE "invitations" SET "email" = lower("email") WHERE "email" <> lower("email");
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_email_lower_case" CHECK ("email" = lower("email")) NOT VALID;
