/**
 * Inputs shaped to make YAML parsing slow (many keys, tiny entries, long flow sequences, deep
 * nesting, anchor runs, many contexts, many problems), each at most 64 KiB: each is accepted or
 * refused with a message that says why. How long each takes is bench/kubeconfig-parse.ts's job.
 */
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { KUBECONFIG_MAX_BYTES, listContexts, parseKubeconfig } from "@/lib/server/k8s/kubeconfig";
import { adversarialKubeconfigs } from "../support/adversarial-kubeconfigs";

describe("adversarial kubeconfigs of up to 64 KiB", () => {
  const cases = adversarialKubeconfigs();

  it("are each under the size limit, so the limits below (not the size cap) are what answers", () => {
    for (const { name, text } of cases) expect(Buffer.byteLength(text), name).toBeLessThanOrEqual(KUBECONFIG_MAX_BYTES);
  });

  it.each(cases.map((entry) => [entry.name, entry] as const))("%s", (_name, { text, expect: outcome }) => {
    if ("refused" in outcome) {
      let error: unknown;
      try {
        listContexts(parseKubeconfig(text));
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).path).toBe("kubeconfig");
      expect((error as AppError).message).toMatch(outcome.refused);
      return;
    }
    const choices = listContexts(parseKubeconfig(text));
    expect(choices).toHaveLength(outcome.accepted.contexts);
    expect(choices.filter((choice) => !choice.problems)).toHaveLength(outcome.accepted.usable);
  });

  it("reports one entry's 991 problems as 50 and a count", () => {
    const entry = cases.find((candidate) => candidate.name === "one entry with many problems")!;
    const [choice] = listContexts(parseKubeconfig(entry.text));
    expect(choice?.problems).toHaveLength(51);
    expect(choice?.problems?.at(-1)?.message).toBe("…and 941 more problems in this kubeconfig.");
  });

  it("offers the cloud connector for each context of a refused cloud user", () => {
    const entry = cases.find((candidate) => candidate.name === "many contexts of a refused cloud user")!;
    const choices = listContexts(parseKubeconfig(entry.text));
    expect(new Set(choices.map((choice) => JSON.stringify(choice.problems)))).toHaveLength(1);
    expect(choices[0]?.problems?.[0]?.connector).toEqual({
      type: "eks",
      clusterName: "prod",
      region: "eu-west-1",
      server: "https://cluster.example.com",
    });
  });
});
