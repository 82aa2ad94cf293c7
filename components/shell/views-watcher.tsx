"use client";

import { useRouter } from "next/navigation";
import { useRealtimeEvent } from "@/lib/realtime/browser-socket";

/** A teammate shared, renamed or deleted a view: the sidebar (server-rendered) reads its list again. */
export function ViewsWatcher({ orgId }: { orgId: string }) {
  const router = useRouter();
  useRealtimeEvent("views:changed", (payload) => {
    if (payload.orgId === orgId) router.refresh();
  });
  return null;
}
