export type ClassValue = string | false | null | undefined | 0;

/**
 * Joins class names, skipping falsy parts so conditions can be written inline.
 * No conflict merging: callers put overrides last and avoid contradictory utilities.
 */
export function cn(...parts: ClassValue[]): string {
  return parts.filter(Boolean).join(" ");
}
