const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

/** A calendar date in UTC: the server and the browser render the same text, so hydration agrees. */
export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}

export function displayName(user: { name: string | null; email: string }): string {
  return user.name?.trim() || user.email;
}
