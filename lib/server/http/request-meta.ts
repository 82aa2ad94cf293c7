/**
 * server.ts stamps every request with these headers (overwriting anything a client sent), so
 * code running inside Next — which never sees the socket — knows who is calling.
 */
export const CLIENT_IP_HEADER = "x-pilothouse-client-ip";
export const REQUEST_ID_HEADER = "x-request-id";

type HeaderSource = { get(name: string): string | null };

export function clientIpFrom(headers: HeaderSource): string | null {
  return headers.get(CLIENT_IP_HEADER);
}

export function requestIdFrom(headers: HeaderSource): string {
  return headers.get(REQUEST_ID_HEADER) ?? crypto.randomUUID();
}
