"use client";

import { yaml } from "@codemirror/lang-yaml";
import CodeMirror from "@uiw/react-codemirror";

const EXTENSIONS = [yaml()];

/** CodeMirror 6 with YAML highlighting; bundled locally (no CDN), so it works under the app's CSP. */
export function YamlEditor({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  return (
    <div data-testid="yaml-editor" className="overflow-hidden rounded-lg border border-border text-xs">
      <CodeMirror
        value={value}
        onChange={onChange}
        extensions={EXTENSIONS}
        height="60dvh"
        theme="dark"
        basicSetup={{ foldGutter: false }}
        aria-label="Object YAML"
      />
    </div>
  );
}
