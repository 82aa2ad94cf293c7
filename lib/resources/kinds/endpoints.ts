import { asRecords, asString, MAX_LIST } from "../cells";
import { column } from "../columns";
import { defineKind } from "../define-kind";
import { endpointsStatus } from "./endpoint-slice";

/** ENDPOINTS as kubectl lists them ("10.244.0.5:8080"), counting ready and not-ready addresses. */
function endpointCells(subsets: unknown) {
  const shown: string[] = [];
  let total = 0;
  let ready = 0;
  let notReady = 0;
  for (const subset of asRecords(subsets)) {
    const ports = asRecords(subset.ports).map((port) => `:${String(port.port)}`);
    const addresses = asRecords(subset.addresses);
    ready += addresses.length;
    notReady += asRecords(subset.notReadyAddresses).length;
    total += addresses.length * Math.max(1, ports.length);
    for (const address of addresses) {
      for (const port of ports.length > 0 ? ports : [""]) {
        if (shown.length < MAX_LIST) shown.push(`${(asString(address.ip) ?? "").slice(0, 45)}${port.slice(0, 8)}`);
      }
      if (shown.length >= MAX_LIST) break;
    }
  }
  if (total > shown.length) shown.push(`+${total - shown.length} more`);
  return { endpoints: shown, ready, notReady };
}

export const endpoints = defineKind({
  kind: "Endpoints",
  plural: "endpoints",
  category: "network",
  columns: [column.list("endpoints", "Endpoints"), column.status()],
  toCells: (object) => endpointCells(object.subsets),
  status: endpointsStatus,
});
