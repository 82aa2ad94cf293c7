const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Ids come from URLs. A malformed one is simply "not found": handing it to PostgreSQL would
 * turn a 404 into a 500 and make "malformed" distinguishable from "not yours".
 */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
