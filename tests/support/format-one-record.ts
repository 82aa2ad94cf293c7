/**
 * A credential record exactly as the release before endpoint binding wrote it (encryption format
 * 1): both layers' authenticated data named only org, cluster and field. Used to stage the rows a
 * migration finds (docs/decisions/0061); nothing in the app writes this format any more.
 */
import { createCipheriv, randomBytes } from "node:crypto";
import { type EncryptedField, keyIdOf } from "@/lib/server/crypto/envelope";

export function formatOneRecord(
  plaintext: string,
  binding: { orgId: string; clusterId: string; field: string },
  masterKey: Buffer,
): EncryptedField {
  const { orgId, clusterId, field } = binding;
  const kid = keyIdOf(masterKey);
  const dataKey = randomBytes(32);
  const data = seal(dataKey, Buffer.from(plaintext), ["pilothouse/credential/v1", orgId, clusterId, field]);
  const wrap = seal(masterKey, dataKey, ["pilothouse/data-key/v1", kid, orgId, clusterId, field]);
  return {
    v: 1,
    kid,
    wrappedKey: wrap.ciphertext,
    wrapIv: wrap.iv,
    wrapTag: wrap.tag,
    iv: data.iv,
    tag: data.tag,
    ciphertext: data.ciphertext,
  };
}

function seal(key: Buffer, plaintext: Buffer, aad: unknown[]) {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(JSON.stringify(aad)));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    iv: iv.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
    ciphertext: ciphertext.toString("base64"),
  };
}
