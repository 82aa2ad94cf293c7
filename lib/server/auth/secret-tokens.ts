import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Bearer secrets (session cookies, API tokens, invitation links): 32 random bytes, base64url.
 * Only their SHA-256 is stored, so a database dump grants nothing.
 */
export function generateSecret(prefix = ""): string {
  return prefix + randomBytes(32).toString("base64url");
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function secretsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
