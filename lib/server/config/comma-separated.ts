/** A comma-separated setting's entries, trimmed, empty ones dropped (`" a, ,b "` → `["a", "b"]`). */
export function commaSeparated(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
}
