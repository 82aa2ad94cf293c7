/** Just enough JWS for the cloud stand-ins: sign and verify RS256/PS256 compact tokens with node:crypto. */
import { constants, createPublicKey, createSign, createVerify, KeyObject, type KeyLike } from "node:crypto";

export type Jwt = {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
};

export function decodeJwt(token: string): Jwt | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  try {
    return {
      header: JSON.parse(Buffer.from(parts[0]!, "base64url").toString("utf8")) as Record<string, unknown>,
      payload: JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as Record<string, unknown>,
      signingInput: `${parts[0]}.${parts[1]}`,
      signature: Buffer.from(parts[2]!, "base64url"),
    };
  } catch {
    return undefined;
  }
}

export function verifyJwt(jwt: Jwt, key: KeyLike): boolean {
  const pss = jwt.header.alg === "PS256";
  if (!pss && jwt.header.alg !== "RS256") return false;
  const publicKey = key instanceof KeyObject ? key : createPublicKey(key);
  const verifier = createVerify("RSA-SHA256").update(jwt.signingInput);
  return verifier.verify(
    pss
      ? { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
      : publicKey,
    jwt.signature,
  );
}

export function signJwt(payload: Record<string, unknown>, key: KeyLike, header: Record<string, unknown> = {}): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const signingInput = `${encode({ alg: "RS256", typ: "JWT", ...header })}.${encode(payload)}`;
  const signature = createSign("RSA-SHA256").update(signingInput).sign(key);
  return `${signingInput}.${signature.toString("base64url")}`;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);
