-- Credentials bound to their endpoint and version (docs/decisions/0061-credential-aad-versions.md).
-- Encryption format 2 binds each ciphertext to the server, CA and TLS name it is sent to and to
-- the credential version, so a database writer without the master key can neither point a stored
-- token at their own host nor put back an older credential. Two things the encryption cannot see
-- are held here instead, the way the audit log's triggers hold its history (decision 0006):
--   * credential_version never goes back, not even by deleting a cluster and inserting its id
--     again: a high-water mark per cluster id, itself append-only;
--   * credential_format never goes back to 1: rows written before this migration are format 1
--     until upgraded (keys rotate, or the next credential write), and no row becomes format 1 again.

ALTER TABLE "clusters" ADD COLUMN "credential_format" INTEGER NOT NULL DEFAULT 2;
UPDATE "clusters" SET "credential_format" = 1;

CREATE TABLE "cluster_credential_versions" (
    "cluster_id" UUID NOT NULL,
    "highest_version" INTEGER NOT NULL,
    CONSTRAINT "cluster_credential_versions_pkey" PRIMARY KEY ("cluster_id")
);
INSERT INTO "cluster_credential_versions" ("cluster_id", "highest_version")
SELECT "id", "credential_version" FROM "clusters";

CREATE FUNCTION "guard_cluster_credential"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  highest INTEGER;
BEGIN
  IF TG_OP = 'INSERT' AND NEW."credential_format" < 2 THEN
    RAISE EXCEPTION 'a new cluster row cannot hold a format 1 credential' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'UPDATE' AND NEW."credential_format" < OLD."credential_format" THEN
    RAISE EXCEPTION 'the credential format of cluster % cannot go back', NEW."id" USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT "highest_version" INTO highest FROM "cluster_credential_versions" WHERE "cluster_id" = NEW."id" FOR UPDATE;
  IF highest IS NOT NULL AND NEW."credential_version" < highest THEN
    RAISE EXCEPTION 'the credential version of cluster % cannot go back from % to %', NEW."id", highest, NEW."credential_version"
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  INSERT INTO "cluster_credential_versions" ("cluster_id", "highest_version") VALUES (NEW."id", NEW."credential_version")
  ON CONFLICT ("cluster_id") DO UPDATE
    SET "highest_version" = GREATEST("cluster_credential_versions"."highest_version", EXCLUDED."highest_version");
  RETURN NEW;
END;
$$;

CREATE TRIGGER "clusters_credential_guard" BEFORE INSERT OR UPDATE ON "clusters"
  FOR EACH ROW EXECUTE FUNCTION "guard_cluster_credential"();

CREATE FUNCTION "credential_versions_only_rise"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW."highest_version" >= OLD."highest_version" AND NEW."cluster_id" = OLD."cluster_id" THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'credential version marks only rise: % on % is not allowed', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "cluster_credential_versions_only_rise" BEFORE UPDATE OR DELETE ON "cluster_credential_versions"
  FOR EACH ROW EXECUTE FUNCTION "credential_versions_only_rise"();
CREATE TRIGGER "cluster_credential_versions_no_truncate" BEFORE TRUNCATE ON "cluster_credential_versions"
  FOR EACH STATEMENT EXECUTE FUNCTION "credential_versions_only_rise"();
