/** The browser-side twin of clusterNameSchema, for instant feedback; the server decides. */
export function validateClusterName(value: string): string | undefined {
  const name = value.trim();
  if (!name) return "is required";
  if (name.length > 63) return "must be at most 63 characters";
  if (!/^[a-zA-Z0-9][a-zA-Z0-9._ -]*$/.test(name))
    return "may use letters, digits, spaces, dots, dashes and underscores";
  return undefined;
}
