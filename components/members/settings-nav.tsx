import Link from "next/link";
import { cn } from "@/lib/cn";

const SECTIONS = [
  { id: "members", label: "Members", href: "/settings/members" },
  { id: "tokens", label: "API tokens", href: "/settings/tokens" },
] as const;

export type SettingsSection = (typeof SECTIONS)[number]["id"];

/** Tabs between the settings pages; the current one is marked for screen readers too. */
export function SettingsNav({ current }: { current?: SettingsSection }) {
  return (
    <nav aria-label="Settings" className="mb-6 border-b border-border">
      <ul className="-mb-px flex gap-1 overflow-x-auto">
        {SECTIONS.map((section) => {
          const active = section.id === current;
          return (
            <li key={section.id}>
              <Link
                href={section.href}
                aria-current={active ? "page" : undefined}
                data-testid={`settings-nav-${section.id}`}
                className={cn(
                  "inline-flex h-10 items-center border-b-2 px-3 text-sm font-medium whitespace-nowrap transition-colors",
                  active ? "border-accent text-accent" : "border-transparent text-text-muted hover:text-text",
                )}
              >
                {section.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
