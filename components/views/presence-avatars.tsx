"use client";

import { usePresence } from "@/lib/realtime/use-presence";

/** Avatars shown before "+N". */
const SHOWN = 5;

/** Who else has this view open right now (the viewer is left out: they know they are here). */
export function PresenceAvatars({ viewId, selfId }: { viewId: string; selfId: string }) {
  const presence = usePresence(viewId);
  const others = presence.viewers.filter((viewer) => viewer.userId !== selfId);
  const hidden = Math.max(
    0,
    presence.total - (presence.viewers.length - others.length) - Math.min(others.length, SHOWN),
  );
  if (others.length === 0) {
    return (
      <span className="text-xs text-text-muted" data-testid="presence-none">
        Only you here
      </span>
    );
  }
  return (
    <div className="flex items-center gap-2" data-testid="presence">
      <ul className="flex -space-x-2" aria-label="Also viewing">
        {others.slice(0, SHOWN).map((viewer) => (
          <li
            key={viewer.userId}
            title={`${viewer.name} (${viewer.email}) is viewing`}
            data-testid={`presence-${viewer.email}`}
            className="flex size-7 items-center justify-center rounded-full border-2 border-surface bg-accent/20 text-[11px] font-semibold text-accent uppercase"
          >
            {initialsOf(viewer.name)}
          </li>
        ))}
      </ul>
      {hidden > 0 ? <span className="text-xs text-text-muted">+{hidden}</span> : null}
      <span className="sr-only">Also viewing: {others.map((viewer) => viewer.name).join(", ")}</span>
    </div>
  );
}

function initialsOf(name: string) {
  const words = name
    .replace(/@.*/, "")
    .split(/[\s._-]+/)
    .filter(Boolean);
  return (words.length > 1 ? `${words[0]![0]}${words[1]![0]}` : (words[0] ?? "?").slice(0, 2)) || "?";
}
