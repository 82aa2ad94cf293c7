"use client";

import { useState } from "react";
import { cn } from "@/lib/cn";
import { fullLogUrl, targetOf, type LogViewParams } from "@/lib/logs/log-view";
import type { LogEntry, LogStreamState } from "@/lib/realtime/log-stream";

type Props = { clusterId: string; view: LogViewParams; stream: LogStreamState; visible: readonly number[] };

const link = "text-accent hover:underline disabled:text-text-muted disabled:no-underline";
/** Pods offered for a full download in a many-pod view: the ones seen, bounded. */
const MAX_DOWNLOAD_PODS = 50;

/**
 * Copy the lines shown, download what is loaded (as shown: filtered, with prefix and time as
 * toggled), or download a pod's full log from the cluster through the REST route.
 */
export function LogActions({ clusterId, view, stream, visible }: Props) {
  const [copied, setCopied] = useState<string>();
  const text = () => textOf(stream, visible, view);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text());
      setCopied(`Copied ${visible.length.toLocaleString()} lines`);
    } catch {
      setCopied("The browser refused the clipboard");
    }
    setTimeout(() => setCopied(undefined), 2500);
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([text()], { type: "text/plain;charset=utf-8" }));
    const anchor = document.createElement("a");
    anchor.href = url;
    anchor.download = `${fileNameOf(view)}.log`;
    anchor.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const target = targetOf(view);
  const pods = target?.type === "pod" ? [target.pod] : podsSeen(stream.entries);

  return (
    <div className="ml-auto flex flex-wrap items-center gap-3">
      <span aria-live="polite" className="text-success" data-testid="log-copied">
        {copied}
      </span>
      <button
        type="button"
        className={link}
        onClick={() => void copy()}
        disabled={visible.length === 0}
        data-testid="log-copy"
      >
        Copy
      </button>
      <button
        type="button"
        className={link}
        onClick={download}
        disabled={visible.length === 0}
        data-testid="log-download"
      >
        Download loaded
      </button>
      {pods.length === 1 ? (
        <a
          className={link}
          href={fullLogUrl(clusterId, view.ns!, pods[0]!, view)}
          download
          data-testid="log-download-full"
        >
          Full log from the cluster
        </a>
      ) : pods.length > 1 ? (
        <details className="relative">
          <summary className={cn(link, "cursor-pointer list-none")}>Full log of a pod…</summary>
          <ul className="absolute right-0 z-20 mt-1 max-h-72 w-72 overflow-y-auto rounded-md border border-border bg-surface-raised p-1 shadow-lg">
            {pods.map((pod) => (
              <li key={pod}>
                <a
                  className="block truncate rounded-sm px-2 py-1 hover:bg-surface-sunken"
                  href={fullLogUrl(clusterId, view.ns!, pod, view)}
                  download
                >
                  {pod}
                </a>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

function textOf(stream: LogStreamState, visible: readonly number[], view: LogViewParams): string {
  const out: string[] = [];
  for (const seq of visible) {
    const entry = stream.entries[seq - stream.firstSeq];
    if (entry?.type !== "line") continue;
    const parts = [
      view.ts && entry.ts ? entry.ts : "",
      view.prefix ? `${entry.pod}/${entry.container}` : "",
      entry.text,
    ];
    out.push(parts.filter(Boolean).join(" "));
  }
  return out.length > 0 ? `${out.join("\n")}\n` : "";
}

function podsSeen(entries: readonly LogEntry[]): string[] {
  const pods = new Set<string>();
  for (const entry of entries) {
    if (entry.pod) pods.add(entry.pod);
    if (pods.size >= MAX_DOWNLOAD_PODS) break;
  }
  return [...pods].sort();
}

function fileNameOf(view: LogViewParams): string {
  const target = targetOf(view);
  const name = target?.type === "pod" ? target.pod : target?.type === "workload" ? target.name : "pods";
  return `${view.ns}-${name}${view.previous ? "-previous" : ""}`.replace(/[^a-zA-Z0-9._-]/g, "_");
}
