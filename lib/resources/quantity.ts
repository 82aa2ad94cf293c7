/**
 * Kubernetes resource quantities ("250m", "1.5Gi", "2e3") as plain numbers, for sorting and
 * comparing (quota used vs hard). Display keeps the cluster's own text.
 */
const SUFFIXES: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/;

/** The number a quantity stands for (cores, bytes, counts), or null if it is not one. */
export function parseQuantity(text: unknown): number | null {
  if (typeof text === "number") return Number.isFinite(text) ? text : null;
  if (typeof text !== "string" || text.length > 64) return null;
  const match = QUANTITY.exec(text.trim());
  if (!match) return null;
  const [, digits, exponent, suffix] = match;
  const value = Number(digits) * (exponent ? 10 ** Number(exponent.slice(1)) : SUFFIXES[suffix ?? ""]!);
  return Number.isFinite(value) ? value : null;
}
