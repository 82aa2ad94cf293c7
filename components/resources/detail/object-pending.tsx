import { Spinner } from "@/components/ui";

/** What a tab shows before the object arrives, or when a deleted object was never seen. */
export function ObjectPending({ deleted }: { deleted: boolean }) {
  if (deleted) return <p className="text-sm text-text-muted">No state of this object was seen.</p>;
  return (
    <p className="flex items-center gap-2 text-sm text-text-muted">
      <Spinner /> Loading…
    </p>
  );
}
