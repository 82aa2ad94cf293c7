"use client";

import { ShownOnceSecret } from "@/components/ui/shown-once-secret";

/** The one time a token is visible. */
export function CreatedToken({ name, token, onDone }: { name: string; token: string; onDone: () => void }) {
  return (
    <ShownOnceSecret
      label={`Your new token “${name}”`}
      value={token}
      testId="token"
      warning="Copy it now: you won’t see it again. Pilothouse stores only a hash of it."
      onDone={onDone}
    />
  );
}
