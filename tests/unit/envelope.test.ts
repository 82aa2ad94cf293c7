/**
 * Credentials at rest (docs/security.md §2): envelope AES-256-GCM, bound to org, cluster, field,
 * endpoint and credential version; format 1 records (org/cluster/field only) open only when
 * allowed, and are re-sealed by rewrapField.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import {
  createKeyring,
  decryptField,
  encryptField,
  keyIdOf,
  keyringFromEnv,
  needsRewrap,
  rewrapField,
  type EncryptedField,
  type FieldBinding,
} from "@/lib/server/crypto/envelope";
import { formatOneRecord } from "../support/format-one-record";

const KEY_A = randomBytes(32);
const KEY_B = randomBytes(32);
const CANARY = "canary-token-7f3a9c1e-do-not-leak";
const BINDING: FieldBinding = {
  orgId: "org_1",
  clusterId: "cl_1",
  field: "token",
  endpoint: "digest-of-https://10.0.0.1:6443",
  credentialVersion: 3,
};

function decryptionError(run: () => unknown): AppError {
  let error: unknown;
  try {
    run();
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect(appError.code).toBe("INTERNAL");
  expect(appError.message).toBe("a stored credential could not be decrypted");
  expect(appError.message).not.toContain(CANARY);
  return appError;
}

/** Flip one bit of one base64 field. */
function flipBit(record: EncryptedField, field: keyof EncryptedField, byte = 0): EncryptedField {
  const bytes = Buffer.from(record[field] as string, "base64");
  bytes[byte] = bytes[byte]! ^ 0x01;
  return { ...record, [field]: bytes.toString("base64") };
}

describe("envelope encryption", () => {
  const keyring = createKeyring(KEY_A);

  it("round-trips, with a fresh data key and IVs every time", () => {
    const first = encryptField(CANARY, BINDING, keyring);
    const second = encryptField(CANARY, BINDING, keyring);
    expect(decryptField(first, BINDING, keyring)).toBe(CANARY);
    expect(first.ciphertext).not.toBe(second.ciphertext);
    expect(first.wrappedKey).not.toBe(second.wrappedKey);
    expect(first.iv).not.toBe(second.iv);
    expect(first.wrapIv).not.toBe(second.wrapIv);
  });

  it("stores a versioned JSON record with the key id and no plaintext", () => {
    const record = encryptField(CANARY, BINDING, keyring);
    expect(Object.keys(record).sort()).toEqual([
      "ciphertext",
      "iv",
      "kid",
      "tag",
      "v",
      "wrapIv",
      "wrapTag",
      "wrappedKey",
    ]);
    expect(record.v).toBe(2);
    expect(record.kid).toBe(keyIdOf(KEY_A));
    expect(record.kid).toMatch(/^[0-9a-f]{16}$/);
    expect(Buffer.from(record.iv, "base64")).toHaveLength(12);
    expect(Buffer.from(record.wrapIv, "base64")).toHaveLength(12);
    expect(Buffer.from(record.tag, "base64")).toHaveLength(16);
    expect(Buffer.from(record.wrapTag, "base64")).toHaveLength(16);
    expect(Buffer.from(record.wrappedKey, "base64")).toHaveLength(32);
    const stored = JSON.stringify(record);
    expect(stored).not.toContain(CANARY);
    expect(stored).not.toContain(Buffer.from(CANARY).toString("base64"));
    expect(decryptField(JSON.parse(stored), BINDING, keyring)).toBe(CANARY);
  });

  it("handles empty and multi-byte plaintexts", () => {
    for (const plaintext of [
      "",
      "ключ-🔑",
      "-----BEGIN RSA PRIVATE KEY-----\nMIIE...\n-----END RSA PRIVATE KEY-----\n",
    ]) {
      expect(decryptField(encryptField(plaintext, BINDING, keyring), BINDING, keyring)).toBe(plaintext);
    }
  });

  it.each(["ciphertext", "iv", "tag", "wrappedKey", "wrapIv", "wrapTag"] as const)(
    "fails closed when %s is tampered with",
    (field) => {
      const record = encryptField(CANARY, BINDING, keyring);
      decryptionError(() => decryptField(flipBit(record, field), BINDING, keyring));
      const last = Buffer.from(record[field], "base64").length - 1;
      decryptionError(() => decryptField(flipBit(record, field, last), BINDING, keyring));
    },
  );

  it.each([
    ["another org", { ...BINDING, orgId: "org_2" }],
    ["another cluster", { ...BINDING, clusterId: "cl_2" }],
    ["another field", { ...BINDING, field: "clientKey" }],
    ["parts that concatenate the same", { ...BINDING, orgId: "org_1cl", clusterId: "_1" }],
    // A database writer pointing the row at their own server, or putting back an older credential.
    ["another endpoint", { ...BINDING, endpoint: "digest-of-https://attacker.example" }],
    ["an older credential version", { ...BINDING, credentialVersion: 2 }],
    ["a newer credential version", { ...BINDING, credentialVersion: 4 }],
  ])("fails when the record is copied to %s", (_label, binding) => {
    const record = encryptField(CANARY, BINDING, keyring);
    decryptionError(() => decryptField(record, binding, keyring));
  });

  it("fails when the ciphertexts of two records are swapped", () => {
    const token = encryptField(CANARY, BINDING, keyring);
    const key = encryptField("other secret", { ...BINDING, field: "clientKey" }, keyring);
    decryptionError(() =>
      decryptField({ ...token, ciphertext: key.ciphertext, iv: key.iv, tag: key.tag }, BINDING, keyring),
    );
    decryptionError(() =>
      decryptField(
        { ...token, wrappedKey: key.wrappedKey, wrapIv: key.wrapIv, wrapTag: key.wrapTag },
        BINDING,
        keyring,
      ),
    );
  });

  it.each([1, 4, 8, 12, 15])("refuses a tag truncated to %i bytes (GCM would otherwise accept it)", (length) => {
    const record = encryptField(CANARY, BINDING, keyring);
    const truncatedTag = Buffer.from(record.tag, "base64").subarray(0, length).toString("base64");
    decryptionError(() => decryptField({ ...record, tag: truncatedTag }, BINDING, keyring));
    const truncatedWrapTag = Buffer.from(record.wrapTag, "base64").subarray(0, length).toString("base64");
    decryptionError(() => decryptField({ ...record, wrapTag: truncatedWrapTag }, BINDING, keyring));
  });

  it("needs authTagLength: Node alone accepts a 4-byte tag (why the explicit checks exist)", () => {
    const key = randomBytes(32);
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    const ciphertext = Buffer.concat([cipher.update("x"), cipher.final()]);
    const shortTag = cipher.getAuthTag().subarray(0, 4);
    const lenient = createDecipheriv("aes-256-gcm", key, iv);
    lenient.setAuthTag(shortTag);
    expect(Buffer.concat([lenient.update(ciphertext), lenient.final()]).toString()).toBe("x");
  });

  it("fails on a truncated ciphertext or an unknown key id", () => {
    const record = encryptField(CANARY, BINDING, keyring);
    const short = Buffer.from(record.ciphertext, "base64").subarray(0, 5).toString("base64");
    decryptionError(() => decryptField({ ...record, ciphertext: short }, BINDING, keyring));
    decryptionError(() => decryptField({ ...record, kid: "0000000000000000" }, BINDING, keyring));
    decryptionError(() => decryptField(record, BINDING, createKeyring(KEY_B)));
  });

  it.each([
    ["null", null],
    ["a string", "plaintext-token"],
    ["another version", { v: 3 }],
    [
      "non-base64 fields",
      { v: 1, kid: "x", wrappedKey: "!!", wrapIv: "!!", wrapTag: "!!", iv: "!!", tag: "!!", ciphertext: "!!" },
    ],
    ["missing fields", { v: 1, kid: keyIdOf(KEY_A) }],
  ])("never falls back to plaintext for %s", (_label, record) => {
    decryptionError(() => decryptField(record, BINDING, keyring));
  });

  it("opens a format 1 record (written before endpoint binding) only when the caller allows it", () => {
    const legacy = formatOneRecord(CANARY, BINDING, KEY_A);
    decryptionError(() => decryptField(legacy, BINDING, keyring));
    expect(decryptField(legacy, BINDING, keyring, { acceptFormat1: true })).toBe(CANARY);
    // Format 1 still binds org, cluster and field.
    decryptionError(() => decryptField(legacy, { ...BINDING, clusterId: "cl_2" }, keyring, { acceptFormat1: true }));
    // A format 2 record relabelled as format 1 does not open under the weaker AAD.
    const current = encryptField(CANARY, BINDING, keyring);
    decryptionError(() => decryptField({ ...current, v: 1 }, BINDING, keyring, { acceptFormat1: true }));
  });

  it("rejects base64 with junk that Node's decoder would silently skip", () => {
    const record = encryptField(CANARY, BINDING, keyring);
    decryptionError(() =>
      decryptField({ ...record, tag: `${record.tag.slice(0, 4)}*${record.tag.slice(4)}` }, BINDING, keyring),
    );
  });
});

describe("master key rotation", () => {
  it("rewraps under the new key without touching the ciphertext, then reads with only the new key", () => {
    const before = createKeyring(KEY_A);
    const records = ["token", "clientKey", "clientCert"].map((field) => ({
      binding: { ...BINDING, field },
      record: encryptField(`${CANARY}-${field}`, { ...BINDING, field }, before),
    }));

    const during = createKeyring(KEY_B, [KEY_A]);
    const rotated = records.map(({ binding, record }) => {
      expect(needsRewrap(record, during)).toBe(true);
      expect(decryptField(record, binding, during)).toBe(`${CANARY}-${binding.field}`);
      return { binding, record: rewrapField(record, binding, during), original: record };
    });

    const after = createKeyring(KEY_B);
    for (const { binding, record, original } of rotated) {
      expect(record.kid).toBe(keyIdOf(KEY_B));
      expect(needsRewrap(record, after)).toBe(false);
      expect({ iv: record.iv, tag: record.tag, ciphertext: record.ciphertext }).toEqual({
        iv: original.iv,
        tag: original.tag,
        ciphertext: original.ciphertext,
      });
      expect(record.wrappedKey).not.toBe(original.wrappedKey);
      expect(decryptField(record, binding, after)).toBe(`${CANARY}-${binding.field}`);
      decryptionError(() => decryptField(original, binding, after));
    }
  });

  it("re-seals a format 1 record in format 2, bound to its endpoint and version", () => {
    const legacy = formatOneRecord(CANARY, BINDING, KEY_A);
    const keyring = createKeyring(KEY_B, [KEY_A]);
    expect(needsRewrap(legacy, createKeyring(KEY_A))).toBe(true); // same key, older format
    decryptionError(() => rewrapField(legacy, BINDING, keyring)); // format 1 must be allowed explicitly
    const upgraded = rewrapField(legacy, BINDING, keyring, { acceptFormat1: true });
    expect(upgraded.v).toBe(2);
    expect(upgraded.kid).toBe(keyIdOf(KEY_B));
    expect(needsRewrap(upgraded, keyring)).toBe(false);
    expect(decryptField(upgraded, BINDING, createKeyring(KEY_B))).toBe(CANARY);
    decryptionError(() => decryptField(upgraded, { ...BINDING, endpoint: "elsewhere" }, createKeyring(KEY_B)));
  });

  it("refuses to rewrap a damaged record or one bound elsewhere", () => {
    const record = encryptField(CANARY, BINDING, createKeyring(KEY_A));
    const during = createKeyring(KEY_B, [KEY_A]);
    decryptionError(() => rewrapField(flipBit(record, "ciphertext"), BINDING, during));
    decryptionError(() => rewrapField(record, { ...BINDING, clusterId: "cl_2" }, during));
    decryptionError(() => rewrapField(record, { ...BINDING, credentialVersion: 4 }, during));
  });
});

describe("keyringFromEnv", () => {
  const base64 = (key: Buffer) => key.toString("base64");

  it("reads the current key and comma-separated previous keys", () => {
    const keyring = keyringFromEnv({
      PILOTHOUSE_MASTER_KEY: base64(KEY_B),
      PILOTHOUSE_PREVIOUS_MASTER_KEYS: ` ${base64(KEY_A)} ,`,
    });
    expect(keyring.currentKeyId).toBe(keyIdOf(KEY_B));
    expect([...keyring.keys.keys()]).toEqual([keyIdOf(KEY_B), keyIdOf(KEY_A)]);
    const old = encryptField(CANARY, BINDING, createKeyring(KEY_A));
    expect(decryptField(old, BINDING, keyring)).toBe(CANARY);
  });

  it.each([
    [{}, "PILOTHOUSE_MASTER_KEY", /PILOTHOUSE_MASTER_KEY is required/],
    [{ PILOTHOUSE_MASTER_KEY: "c2hvcnQ=" }, "PILOTHOUSE_MASTER_KEY", /must be 32 random bytes/],
    [{ PILOTHOUSE_MASTER_KEY: "not base64 at all!" }, "PILOTHOUSE_MASTER_KEY", /must be 32 random bytes/],
    [
      { PILOTHOUSE_MASTER_KEY: base64(KEY_A), PILOTHOUSE_PREVIOUS_MASTER_KEYS: `${base64(KEY_B)},c2hvcnQ=` },
      "PILOTHOUSE_PREVIOUS_MASTER_KEYS",
      /PILOTHOUSE_PREVIOUS_MASTER_KEYS\[1\] must be/,
    ],
  ])("refuses bad keys, naming the variable and never the value (%#)", (env, variable, message) => {
    let error: unknown;
    try {
      keyringFromEnv(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).path).toBe(variable);
    expect((error as AppError).message).toMatch(message);
    expect((error as AppError).message).not.toContain("c2hvcnQ=");
  });
});
