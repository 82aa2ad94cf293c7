-- Who may reveal Secret values in an org: editors and above (default) or admins and owners only.
ALTER TABLE "organizations" ADD COLUMN "reveal_secrets_role" TEXT NOT NULL DEFAULT 'editor';
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_reveal_secrets_role_check"
    CHECK ("reveal_secrets_role" IN ('editor', 'admin'));
