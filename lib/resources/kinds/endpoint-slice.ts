import { asArray, asRecord, asRecords, asString, capList, capText, MAX_LIST } from "../cells";
import { column } from "../columns";
import { defineKind } from "../define-kind";
import type { ResourceRow, ResourceStatus } from "../types";

/** Shared by Endpoints and EndpointSlice: a Service with no ready address serves nothing. */
export function endpointsStatus(row: Omit<ResourceRow, "status">): ResourceStatus {
  const ready = typeof row.cells.ready === "number" ? row.cells.ready : 0;
  const notReady = typeof row.cells.notReady === "number" ? row.cells.notReady : 0;
  if (row.deleting) return { label: "Terminating", tone: "warn" };
  if (ready > 0) return { label: "Ready", tone: "ok", ...(notReady > 0 && { reason: `${notReady} not ready` }) };
  if (notReady > 0) return { label: "Not ready", tone: "warn", reason: `${notReady} addresses not ready` };
  return { label: "No endpoints", tone: "warn" };
}

export const endpointSlice = defineKind({
  kind: "EndpointSlice",
  group: "discovery.k8s.io",
  versions: ["v1", "v1beta1"],
  plural: "endpointslices",
  category: "network",
  columns: [
    column.text("addressType", "Address type"),
    column.list("ports", "Ports"),
    column.list("endpoints", "Endpoints"),
    column.status(),
  ],
  toCells: (object) => {
    const slices = asRecords(object.endpoints);
    // "ready" unset means ready (the EndpointSlice API says to treat nil as true).
    const ready = slices.filter((endpoint) => asRecord(endpoint.conditions).ready !== false).length;
    // At most 1000 endpoints per slice (API limit), each listed by its first address.
    const addresses = slices.map((endpoint) => asString(asArray(endpoint.addresses)[0]) ?? "");
    return {
      addressType: capText(asString(object.addressType), 16),
      ports: capList(asRecords(object.ports).map((port) => String(port.port ?? "<unset>"))),
      endpoints: capList(addresses, MAX_LIST, 45),
      ready,
      notReady: slices.length - ready,
    };
  },
  status: endpointsStatus,
});
