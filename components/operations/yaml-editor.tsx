"use client";

import { yaml } from "@codemirror/lang-yaml";
import CodeMirror from "@uiw/react-codemirror";
import { useSyncExternalStore } from "react";

const EXTENSIONS = [yaml()];

// The app's theme lives on <html data-theme>; the editor follows it as it changes.
function subscribe(onChange: () => void) {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  return () => observer.disconnect();
}
const readTheme = () => (document.documentElement.dataset.theme === "dark" ? "dark" : "light");
const serverTheme = () => "light" as const;

/** CodeMirror 6 with YAML highlighting; bundled locally (no CDN), so it works under the app's CSP. */
export function YamlEditor({
  value,
  onChange,
  height = "60dvh",
  label = "Object YAML",
}: {
  value: string;
  onChange: (value: string) => void;
  height?: string;
  label?: string;
}) {
  const theme = useSyncExternalStore(subscribe, readTheme, serverTheme);
  return (
    <div data-testid="yaml-editor" className="overflow-hidden rounded-lg border border-border text-xs">
      <CodeMirror
        value={value}
        onChange={onChange}
        extensions={EXTENSIONS}
        height={height}
        theme={theme}
        basicSetup={{ foldGutter: false }}
        aria-label={label}
      />
    </div>
  );
}
