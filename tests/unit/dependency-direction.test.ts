import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/** The dependency rules of docs/architecture.md live in eslint.config.mjs; prove a wrong arrow fails. */
const eslint = new ESLint();

async function restrictedImportErrors(filePath: string, source: string) {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? []).filter((message) => message.ruleId === "no-restricted-imports");
}

const importServer = `import { getDb } from "@/lib/server/db/client";\nexport const db = getDb;\n`;

// ESLint loads its whole configuration on the first lintText: seconds on a busy machine.
describe("dependency direction", { timeout: 60_000 }, () => {
  it("refuses lib/server from components", async () => {
    expect(await restrictedImportErrors("components/ui/leak.tsx", importServer)).toHaveLength(1);
  });

  it("refuses a relative path into lib/server from components", async () => {
    const source = `import { getDb } from "../../lib/server/db/client";\nexport const db = getDb;\n`;
    expect(await restrictedImportErrors("components/ui/leak.tsx", source)).toHaveLength(1);
  });

  it("refuses lib/server from isomorphic lib modules", async () => {
    const relative = `import { getDb } from "./server/db/client";\nexport const db = getDb;\n`;
    expect(await restrictedImportErrors("lib/errors.ts", importServer)).toHaveLength(1);
    expect(await restrictedImportErrors("lib/resources/registry.ts", relative.replace("./", "../"))).toHaveLength(1);
  });

  it("refuses components and app from lib", async () => {
    const source = `import { Button } from "@/components/ui";\nexport const b = Button;\n`;
    expect(await restrictedImportErrors("lib/resources/registry.ts", source)).toHaveLength(1);
    expect(await restrictedImportErrors("lib/server/health.ts", source)).toHaveLength(1);
  });

  it("allows app to use lib/server and components to use isomorphic lib", async () => {
    expect(await restrictedImportErrors("app/api/health/route.ts", importServer)).toHaveLength(0);
    const isomorphic = `import { cn } from "@/lib/cn";\nexport const c = cn;\n`;
    expect(await restrictedImportErrors("components/ui/button.tsx", isomorphic)).toHaveLength(0);
  });
});
