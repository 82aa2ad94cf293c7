import Link from "next/link";
import type { DetailContext } from "@/components/resources/detail/detail-context";
import { buttonClassName } from "@/components/ui";

/** What was done to this object, on the audit page (filtered by cluster and object). */
export function AuditLink({ clusterId, namespace, name }: DetailContext) {
  const object = namespace ? `${namespace}/${name}` : name;
  const query = new URLSearchParams({ cluster: clusterId, object });
  return (
    <Link
      href={`/audit?${query.toString()}`}
      className={buttonClassName({ variant: "ghost", size: "sm" })}
      data-testid="action-audit"
    >
      Audit log
    </Link>
  );
}
