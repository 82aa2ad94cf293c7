/**
 * An independent AWS Signature Version 4 verifier for the STS stand-in, written from AWS's
 * published algorithm with node:crypto (not the SDK's signer, which the product uses to sign):
 * if the product signed wrongly, this disagrees. Handles both forms STS accepts: an
 * Authorization header (SDK calls) and a presigned query (the EKS token).
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export type SignedRequest = {
  method: string;
  /** Path and query exactly as received. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
};

export type SignatureParts = {
  accessKeyId: string;
  date: string; // YYYYMMDD
  region: string;
  service: string;
  amzDate: string; // YYYYMMDDTHHMMSSZ
  signedHeaders: string[];
  signature: string;
  securityToken?: string;
  /** Seconds from X-Amz-Expires (presigned form only). */
  expires?: number;
  presigned: boolean;
};

/** Read who claims to have signed, and how; undefined when the request is not SigV4-signed at all. */
export function signatureParts(request: SignedRequest): SignatureParts | undefined {
  const query = new URL(request.url, "https://stand-in").searchParams;
  if (query.get("X-Amz-Algorithm") === "AWS4-HMAC-SHA256") {
    const [accessKeyId, date, region, service] = (query.get("X-Amz-Credential") ?? "").split("/");
    return {
      accessKeyId: accessKeyId ?? "",
      date: date ?? "",
      region: region ?? "",
      service: service ?? "",
      amzDate: query.get("X-Amz-Date") ?? "",
      signedHeaders: (query.get("X-Amz-SignedHeaders") ?? "").split(";"),
      signature: query.get("X-Amz-Signature") ?? "",
      securityToken: query.get("X-Amz-Security-Token") ?? undefined,
      expires: Number(query.get("X-Amz-Expires") ?? "0"),
      presigned: true,
    };
  }
  const authorization = header(request, "authorization") ?? "";
  const match = /^AWS4-HMAC-SHA256 Credential=([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]+)$/.exec(
    authorization,
  );
  if (!match) return undefined;
  const [accessKeyId, date, region, service] = match[1]!.split("/");
  return {
    accessKeyId: accessKeyId ?? "",
    date: date ?? "",
    region: region ?? "",
    service: service ?? "",
    amzDate: header(request, "x-amz-date") ?? "",
    signedHeaders: match[2]!.split(";"),
    signature: match[3]!,
    securityToken: header(request, "x-amz-security-token"),
    presigned: false,
  };
}

/** Whether `parts.signature` is the signature of this request under `secretAccessKey`. */
export function signatureMatches(request: SignedRequest, parts: SignatureParts, secretAccessKey: string): boolean {
  const canonical = canonicalRequest(request, parts);
  const scope = `${parts.date}/${parts.region}/${parts.service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", parts.amzDate, scope, sha256Hex(canonical)].join("\n");
  let key: Buffer = hmac(`AWS4${secretAccessKey}`, parts.date);
  for (const part of [parts.region, parts.service, "aws4_request"]) key = hmac(key, part);
  const expected = Buffer.from(hmac(key, stringToSign).toString("hex"));
  const given = Buffer.from(parts.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Milliseconds since epoch of an X-Amz-Date (YYYYMMDDTHHMMSSZ). */
export function amzDateToMs(amzDate: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!m) return Number.NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

function canonicalRequest(request: SignedRequest, parts: SignatureParts): string {
  const url = new URL(request.url, "https://stand-in");
  const query = [...url.searchParams.entries()]
    .filter(([key]) => key !== "X-Amz-Signature")
    .map(([key, value]) => [rfc3986(key), rfc3986(value)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? compare(av, bv) : compare(a, b)))
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
  const headers = parts.signedHeaders
    .map((name) => `${name}:${(header(request, name) ?? "").trim().replace(/\s+/g, " ")}\n`)
    .join("");
  const payloadHash = header(request, "x-amz-content-sha256") ?? sha256Hex(request.body);
  const path = url.pathname
    .split("/")
    .map((segment) => rfc3986(rfc3986(decodeURIComponent(segment))))
    .join("/");
  return [request.method, path || "/", query, headers, parts.signedHeaders.join(";"), payloadHash].join("\n");
}

function header(request: SignedRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(",") : value;
}

function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}
