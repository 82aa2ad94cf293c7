/**
 * `2026-01-31 14:05 UTC`. Always UTC and never the locale's format, so the server's render and
 * the browser's hydration agree, and times match the audit exports and the API.
 */
export function formatUtc(value: Date | string, { seconds = false } = {}): string {
  const iso = (typeof value === "string" ? new Date(value) : value).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, seconds ? 19 : 16)} UTC`;
}

export function formatUtcDate(value: Date | string): string {
  return (typeof value === "string" ? new Date(value) : value).toISOString().slice(0, 10);
}
