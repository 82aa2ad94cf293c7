import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { AppError } from "@/lib/errors";

/**
 * Envelope encryption for credentials at rest (docs/security.md §2). Each record gets its own random
 * data key; the data key is wrapped by a master key from the environment, named by a key id so
 * master keys can rotate (rewrapField) without touching the ciphertext. Both layers are
 * AES-256-GCM and both bind the record to its org, cluster, field, the endpoint it is sent to and
 * the credential's version, so a ciphertext copied to another row, a row pointed at another
 * server, or an older credential put back does not decrypt. Every failure is the same generic
 * error: no oracle, no secrets, and never a fallback to plaintext.
 *
 * Format 2 records (`v: 2`) carry that binding. Format 1 records, written before it existed,
 * bound only org, cluster and field; they open only when the caller says the row may still hold
 * them, and rewrapField re-seals them in format 2 (docs/decisions/0061-credential-aad-versions.md).
 */

export const MASTER_KEY_ENV = "PILOTHOUSE_MASTER_KEY";
export const PREVIOUS_MASTER_KEYS_ENV = "PILOTHOUSE_PREVIOUS_MASTER_KEYS";

const ALGORITHM = "aes-256-gcm";
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type Keyring = {
  readonly currentKeyId: string;
  readonly keys: ReadonlyMap<string, Buffer>;
};

/** Where a credential belongs and what it is for; all of it is authenticated data of both layers. */
export type FieldBinding = {
  readonly orgId: string;
  readonly clusterId: string;
  readonly field: string;
  /** Names the endpoint the credential is sent to (server, CA, TLS name): a row pointed elsewhere no longer opens. */
  readonly endpoint: string;
  /** The credential's version: an older ciphertext put back into a newer row does not open. */
  readonly credentialVersion: number;
};

/** The record format encryptField writes. */
export const CURRENT_FORMAT = 2;
type Format = 1 | 2;

/** The stored form: JSON-serializable, every binary value base64. */
export type EncryptedField = {
  /** The binding format: 2 (endpoint and version bound) or, read only, 1. */
  readonly v: Format;
  /** Id of the master key that wrapped the data key. */
  readonly kid: string;
  readonly wrappedKey: string;
  readonly wrapIv: string;
  readonly wrapTag: string;
  readonly iv: string;
  readonly tag: string;
  readonly ciphertext: string;
};

// --- Keyring ----------------------------------------------------------------------------------

/** A key's id: the first 16 hex characters of its SHA-256, safe to store next to the data. */
export function keyIdOf(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 16);
}

/** A keyring whose current key encrypts; previous keys only decrypt (until rewrapped). */
export function createKeyring(current: Buffer, previous: readonly Buffer[] = []): Keyring {
  const keys = new Map<string, Buffer>();
  for (const key of [current, ...previous]) {
    if (key.length !== KEY_BYTES) throw new AppError("INTERNAL", `A master key must be ${KEY_BYTES} bytes`);
    keys.set(keyIdOf(key), Buffer.from(key));
  }
  return Object.freeze({ currentKeyId: keyIdOf(current), keys });
}

/**
 * PILOTHOUSE_MASTER_KEY: 32 random bytes, base64. PILOTHOUSE_PREVIOUS_MASTER_KEYS: optional,
 * comma-separated base64 keys still needed to read records not yet rewrapped. Errors name the
 * variable, never the value.
 */
export function keyringFromEnv(env: {
  PILOTHOUSE_MASTER_KEY?: string;
  PILOTHOUSE_PREVIOUS_MASTER_KEYS?: string;
}): Keyring {
  const current = env.PILOTHOUSE_MASTER_KEY?.trim();
  if (!current) throw configError(MASTER_KEY_ENV, "is required");
  const previous = (env.PILOTHOUSE_PREVIOUS_MASTER_KEYS ?? "")
    .split(",")
    .map((value) => value.trim())
    .filter((value) => value !== "");
  return createKeyring(
    decodeMasterKey(current, MASTER_KEY_ENV),
    previous.map((value, index) => decodeMasterKey(value, `${PREVIOUS_MASTER_KEYS_ENV}[${index}]`)),
  );
}

function decodeMasterKey(value: string, variable: string): Buffer {
  const key = /^[A-Za-z0-9+/]+={0,2}$/.test(value) && value.length % 4 === 0 ? Buffer.from(value, "base64") : undefined;
  if (!key || key.length !== KEY_BYTES)
    throw configError(variable, `must be ${KEY_BYTES} random bytes, base64-encoded (openssl rand -base64 32)`);
  return key;
}

function configError(variable: string, problem: string): AppError {
  return new AppError("INVALID_INPUT", `${variable} ${problem}`, variable.replace(/\[\d+\]$/, ""));
}

// --- Encrypt, decrypt, rewrap ---------------------------------------------------------------

/** The data layer's AAD. JSON of an array keeps the parts unambiguous whatever they contain. */
function dataAad(binding: FieldBinding, format: Format): Buffer {
  const { orgId, clusterId, field, endpoint, credentialVersion } = binding;
  return Buffer.from(
    JSON.stringify(
      format === 1
        ? ["pilothouse/credential/v1", orgId, clusterId, field]
        : ["pilothouse/credential/v2", orgId, clusterId, field, endpoint, credentialVersion],
    ),
  );
}

/** The wrap layer's AAD also names the key id, so a data key is tied to its master key too. */
function wrapAad(binding: FieldBinding, kid: string, format: Format): Buffer {
  const { orgId, clusterId, field, endpoint, credentialVersion } = binding;
  return Buffer.from(
    JSON.stringify(
      format === 1
        ? ["pilothouse/data-key/v1", kid, orgId, clusterId, field]
        : ["pilothouse/data-key/v2", kid, orgId, clusterId, field, endpoint, credentialVersion],
    ),
  );
}

export function encryptField(plaintext: string, binding: FieldBinding, keyring: Keyring): EncryptedField {
  const dataKey = randomBytes(KEY_BYTES);
  try {
    const data = seal(dataKey, Buffer.from(plaintext, "utf8"), dataAad(binding, CURRENT_FORMAT));
    return {
      v: CURRENT_FORMAT,
      ...wrapDataKey(dataKey, binding, keyring, CURRENT_FORMAT),
      iv: b64(data.iv),
      tag: b64(data.tag),
      ciphertext: b64(data.ciphertext),
    };
  } finally {
    dataKey.fill(0);
  }
}

/** What a caller allows when opening: format 1 only for rows that may still hold it. */
export type OpenOptions = { acceptFormat1?: boolean };

export function decryptField(
  record: unknown,
  binding: FieldBinding,
  keyring: Keyring,
  options: OpenOptions = {},
): string {
  const parts = decodeRecord(record, options);
  const dataKey = unwrapDataKey(parts, binding, keyring);
  try {
    return open(dataKey, parts.iv, parts.tag, parts.ciphertext, dataAad(binding, parts.format)).toString("utf8");
  } finally {
    dataKey.fill(0);
  }
}

/**
 * Re-wrap the data key under the current master key; iv, tag and ciphertext stay as they are.
 * The ciphertext is authenticated first, so rotation never blesses a damaged record. A format 1
 * record cannot keep its ciphertext (its AAD lacks the endpoint and version): it is re-sealed.
 */
export function rewrapField(
  record: unknown,
  binding: FieldBinding,
  keyring: Keyring,
  options: OpenOptions = {},
): EncryptedField {
  const parts = decodeRecord(record, options);
  if (parts.format !== CURRENT_FORMAT)
    return encryptField(decryptField(record, binding, keyring, options), binding, keyring);
  const dataKey = unwrapDataKey(parts, binding, keyring);
  try {
    open(dataKey, parts.iv, parts.tag, parts.ciphertext, dataAad(binding, parts.format)).fill(0);
    const stored = record as EncryptedField;
    return {
      v: CURRENT_FORMAT,
      ...wrapDataKey(dataKey, binding, keyring, CURRENT_FORMAT),
      iv: stored.iv,
      tag: stored.tag,
      ciphertext: stored.ciphertext,
    };
  } finally {
    dataKey.fill(0);
  }
}

/** Whether a stored record needs rewrapField: wrapped by an older master key, or in an older format. */
export function needsRewrap(record: EncryptedField, keyring: Keyring): boolean {
  return record.kid !== keyring.currentKeyId || record.v !== CURRENT_FORMAT;
}

// --- Internals ------------------------------------------------------------------------------

type DecodedRecord = {
  format: Format;
  kid: string;
  wrappedKey: Buffer;
  wrapIv: Buffer;
  wrapTag: Buffer;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
};

function decryptionFailed(): AppError {
  return new AppError("INTERNAL", "a stored credential could not be decrypted");
}

function wrapDataKey(dataKey: Buffer, binding: FieldBinding, keyring: Keyring, format: Format) {
  const kid = keyring.currentKeyId;
  const masterKey = keyring.keys.get(kid);
  if (!masterKey) throw new AppError("INTERNAL", "the current master key is missing from the keyring");
  const wrapped = seal(masterKey, dataKey, wrapAad(binding, kid, format));
  return { kid, wrappedKey: b64(wrapped.ciphertext), wrapIv: b64(wrapped.iv), wrapTag: b64(wrapped.tag) };
}

function unwrapDataKey(parts: DecodedRecord, binding: FieldBinding, keyring: Keyring): Buffer {
  const masterKey = keyring.keys.get(parts.kid);
  if (!masterKey) throw decryptionFailed();
  const dataKey = open(
    masterKey,
    parts.wrapIv,
    parts.wrapTag,
    parts.wrappedKey,
    wrapAad(binding, parts.kid, parts.format),
  );
  if (dataKey.length !== KEY_BYTES) throw decryptionFailed();
  return dataKey;
}

function seal(key: Buffer, plaintext: Buffer, aad: Buffer) {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), ciphertext };
}

function open(key: Buffer, iv: Buffer, tag: Buffer, ciphertext: Buffer, aad: Buffer): Buffer {
  // Node would accept a shorter tag unless told otherwise; a 4-byte tag is forgeable.
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw decryptionFailed();
  try {
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw decryptionFailed();
  }
}

function decodeRecord(record: unknown, options: OpenOptions): DecodedRecord {
  if (typeof record !== "object" || record === null) throw decryptionFailed();
  const fields = record as Record<string, unknown>;
  const format = fields.v === CURRENT_FORMAT || (fields.v === 1 && options.acceptFormat1 === true) ? fields.v : null;
  if (format === null || typeof fields.kid !== "string") throw decryptionFailed();
  return {
    format,
    kid: fields.kid,
    wrappedKey: fromB64(fields.wrappedKey),
    wrapIv: fromB64(fields.wrapIv),
    wrapTag: fromB64(fields.wrapTag),
    iv: fromB64(fields.iv),
    tag: fromB64(fields.tag),
    ciphertext: fromB64(fields.ciphertext, true),
  };
}

function b64(bytes: Buffer): string {
  return bytes.toString("base64");
}

/** Strict base64: Node's decoder silently skips junk, which would hide tampering or truncation. */
function fromB64(value: unknown, allowEmpty = false): Buffer {
  if (typeof value !== "string" || (value === "" && !allowEmpty)) throw decryptionFailed();
  if (value.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) throw decryptionFailed();
  return Buffer.from(value, "base64");
}
