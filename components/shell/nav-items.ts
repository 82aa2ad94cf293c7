import type { ComponentType, SVGProps } from "react";
import { AuditIcon, ClustersIcon, LogsIcon, OverviewIcon, SettingsIcon, WorkloadsIcon } from "./icons";

export type NavItem = {
  /** Stable key, also used in data-testid="nav-<id>". */
  id: string;
  label: string;
  href: string;
  icon: ComponentType<SVGProps<SVGSVGElement>>;
};

// Workloads will derive from the resource registry once it exists (ARCHITECTURE: navigation
// derives from the registry); until then it is one placeholder entry.
export const NAV_ITEMS: readonly NavItem[] = [
  { id: "overview", label: "Overview", href: "/", icon: OverviewIcon },
  { id: "clusters", label: "Clusters", href: "/clusters", icon: ClustersIcon },
  { id: "workloads", label: "Workloads", href: "/workloads", icon: WorkloadsIcon },
  { id: "logs", label: "Logs", href: "/logs", icon: LogsIcon },
  { id: "audit", label: "Audit", href: "/audit", icon: AuditIcon },
  { id: "settings", label: "Settings", href: "/settings", icon: SettingsIcon },
];

/** "/" only matches itself; other entries also own their sub-pages (/clusters/abc). */
export function isNavItemActive(href: string, pathname: string): boolean {
  if (href === "/") return pathname === "/";
  return pathname === href || pathname.startsWith(`${href}/`);
}
