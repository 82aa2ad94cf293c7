import type { AccessChangedPayload } from "@/lib/realtime/contract";
import { log } from "../logger";
import { notifyAccessChanged } from "../realtime/server";

/**
 * Tell a user's open sockets that their access changed. The change is already committed and
 * enforced on every request; a failure here only delays the page refresh, so it must not fail
 * the action that caused it.
 */
export async function announceAccessChange(userId: string, payload: AccessChangedPayload) {
  try {
    await notifyAccessChanged(userId, payload);
  } catch (error) {
    log.warn("could not notify sockets of an access change", { userId, reason: payload.reason, error: String(error) });
  }
}
