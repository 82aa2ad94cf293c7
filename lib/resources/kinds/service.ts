import { asArray, asNumber, asRecord, asRecords, asString, capList, capText, formatLabels } from "../cells";
import { column } from "../columns";
import { defineKind } from "../define-kind";
import type { ResourceStatus } from "../types";

/** PORT(S) as kubectl prints them: "80/TCP", "443:30443/TCP". */
function formatPorts(ports: unknown): string[] {
  return asRecords(ports).map((port) => {
    const nodePort = asNumber(port.nodePort);
    return `${String(port.port)}${nodePort ? `:${nodePort}` : ""}/${asString(port.protocol) ?? "TCP"}`;
  });
}

function loadBalancerAddresses(status: Record<string, unknown>): string[] {
  return asRecords(asRecord(status.loadBalancer).ingress)
    .map((entry) => asString(entry.ip) ?? asString(entry.hostname) ?? "")
    .filter(Boolean);
}

/** EXTERNAL-IP as kubectl derives it for each service type; null where kubectl prints <none>. */
function externalAddresses(spec: Record<string, unknown>, status: Record<string, unknown>): string[] | null {
  const externalIPs = asArray<string>(spec.externalIPs).filter((ip) => typeof ip === "string");
  switch (spec.type) {
    case "ExternalName":
      return typeof spec.externalName === "string" ? [spec.externalName] : null;
    case "LoadBalancer": {
      const addresses = [...loadBalancerAddresses(status), ...externalIPs];
      return addresses.length > 0 ? addresses : ["<pending>"];
    }
    default:
      return externalIPs.length > 0 ? externalIPs : null;
  }
}

export const service = defineKind({
  kind: "Service",
  plural: "services",
  category: "network",
  columns: [
    column.text("type", "Type"),
    column.text("clusterIP", "Cluster IP"),
    column.list("externalIP", "External IP"),
    column.list("ports", "Ports"),
    column.text("selector", "Selector", { secondary: true }),
  ],
  toCells: (object) => {
    const spec = asRecord(object.spec);
    const external = externalAddresses(spec, asRecord(object.status));
    return {
      type: capText(asString(spec.type) ?? "ClusterIP", 16),
      clusterIP: capText(asString(asArray(spec.clusterIPs)[0]) ?? asString(spec.clusterIP), 45),
      externalIP: external ? capList(external) : null,
      ports: capList(formatPorts(spec.ports), 4, 32),
      selector: formatLabels(spec.selector),
    };
  },
  status: (row): ResourceStatus => {
    if (row.deleting) return { label: "Terminating", tone: "warn" };
    const external = row.cells.externalIP;
    if (row.cells.type === "LoadBalancer" && Array.isArray(external) && external[0] === "<pending>")
      return { label: "Pending", tone: "warn", reason: "waiting for a load balancer address" };
    return { label: "Active", tone: "info" };
  },
});
