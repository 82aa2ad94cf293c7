import { stopTestIdp } from "./e2e-global-setup";

export default async function globalTeardown() {
  await stopTestIdp();
}
