"use client";

/** Last-resort boundary for errors in the root layout itself; it must render its own <html>. */
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", padding: "3rem", maxWidth: "40rem", margin: "0 auto" }}>
        <h1>Pilothouse hit an unexpected error</h1>
        <p>Reload the page. If it keeps happening, report it with this reference:</p>
        <code data-testid="global-error-digest">{error.digest ?? "no reference"}</code>
      </body>
    </html>
  );
}
