/**
 * What every browser spec imports instead of @playwright/test (ESLint enforces it): the same API,
 * plus an automatic fixture that, under `npm test`, scans for the Secret canary
 * (docs/security.md §7) every HTTP response body and websocket frame any page of the test sees, and
 * every answer of an API request context (the `request` fixture, `page.request`, `request.newContext`).
 * Only hits are kept, named by test and URL or frame event; outside `npm test` it does nothing.
 */
import {
  type APIRequestContext,
  type APIResponse,
  type BrowserContext,
  test as base,
  request as playwrightRequest,
  type Page,
  type Request,
  type WebSocket,
} from "@playwright/test";
import { type CanaryRecorder, CANARY_SECRET, isCanaryRevealPath, openCanaryRecorder } from "../support/secret-canary";

export * from "@playwright/test";

const recorder = openCanaryRecorder("e2e");
let currentTest = "(set-up)";
/** Body reads still in flight; a test's fixture waits for them before the next test starts. */
const pending = new Set<Promise<void>>();
const watched = new WeakSet<object>();
/** The test that sent each request: a response may finish after its test has ended. */
const sentBy = new WeakMap<Request, string>();

/** Built files cannot hold a value read at runtime; skipping them keeps the scan cheap. */
const STATIC = /\/_next\/static\/|\.(png|ico|svg|woff2?|ttf|css|map)(\?|$)/;
const API_METHODS = ["fetch", "get", "post", "put", "patch", "delete", "head"] as const;

function track(work: Promise<void>) {
  const settled = work.catch(() => undefined).finally(() => pending.delete(settled));
  pending.add(settled);
}

/**
 * A reveal answer: the REST reveal route, or the reveal server action — a POST with a Next-Action
 * header whose arguments name the canary Secret and a key to reveal.
 */
function isReveal(method: string, url: string, headers: Record<string, string>, postData: string | null): boolean {
  if (method !== "POST") return false;
  if (isCanaryRevealPath(new URL(url).pathname)) return true;
  return (
    "next-action" in headers &&
    postData !== null &&
    postData.includes(`"namespace":"${CANARY_SECRET.namespace}","name":"${CANARY_SECRET.name}"`) &&
    postData.includes(`"change":{"key":"${CANARY_SECRET.key}"}`)
  );
}

/** On "requestfinished": the body is complete, so reading it is quick (a long poll never blocks). */
function scanResponse(canary: CanaryRecorder, request: Request) {
  if (STATIC.test(request.url())) return;
  const where = `${sentBy.get(request) ?? currentTest}: ${request.method()} ${request.url()}`;
  track(
    (async () => {
      const body = await (await request.response())?.body();
      if (!body) return;
      const reveal = isReveal(request.method(), request.url(), request.headers(), request.postData());
      canary.scan(body, { place: "response", where, reveal });
    })(),
  );
}

function scanFrames(canary: CanaryRecorder, socket: WebSocket) {
  const scan = (direction: string) => (frame: { payload: string | Buffer }) => {
    // socket.io frames read `42["event",…]`: the event names the place.
    const text = typeof frame.payload === "string" ? frame.payload : frame.payload.toString("utf8");
    const event = /^\d+(?:\/[^,]*,)?\d*\["([^"]{1,80})"/.exec(text)?.[1] ?? "frame";
    canary.scan(frame.payload, { place: "frame", where: `${currentTest}: websocket ${direction} ${event}` });
  };
  socket.on("framereceived", scan("received"));
  socket.on("framesent", scan("sent"));
}

function watchContext(canary: CanaryRecorder, context: BrowserContext) {
  if (watched.has(context)) return;
  watched.add(context);
  context.on("request", (request) => sentBy.set(request, currentTest));
  context.on("requestfinished", (request) => scanResponse(canary, request));
  const watchPage = (page: Page) => page.on("websocket", (ws) => scanFrames(canary, ws));
  context.pages().forEach(watchPage);
  context.on("page", watchPage);
  watchApi(canary, context.request);
}

/** Wraps an API request context's calls in place, so the caller's own object records too. */
function watchApi(canary: CanaryRecorder, api: APIRequestContext) {
  if (watched.has(api)) return;
  watched.add(api);
  for (const method of API_METHODS) {
    const original = api[method].bind(api) as (...args: unknown[]) => Promise<APIResponse>;
    (api as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      const response = await original(...args);
      const options = args[1] as { method?: string } | undefined;
      const verb = (method === "fetch" ? (options?.method ?? "GET") : method).toUpperCase();
      const reveal = verb === "POST" && isCanaryRevealPath(new URL(response.url()).pathname);
      const where = `${currentTest}: ${verb} ${response.url()}`;
      track(response.body().then((body) => canary.scan(body, { place: "response", where, reveal })));
      return response;
    };
  }
}

export const test = base.extend<{ canaryRecorder: void }, { canaryBrowser: void }>({
  // Contexts and pages a spec opens itself — in beforeAll hooks too — are watched for the whole worker.
  canaryBrowser: [
    async ({ browser }, use) => {
      if (!recorder) return use();
      const { newContext, newPage } = browser;
      browser.newContext = async (...args) => {
        const created = await newContext.apply(browser, args);
        watchContext(recorder, created);
        return created;
      };
      browser.newPage = async (...args) => {
        const page = await newPage.apply(browser, args);
        watchContext(recorder, page.context());
        return page;
      };
      await use();
      browser.newContext = newContext;
      browser.newPage = newPage;
    },
    { auto: true, scope: "worker" },
  ],
  request: async ({ request }, provide) => {
    if (recorder) watchApi(recorder, request);
    await provide(request);
  },
  canaryRecorder: [
    async ({ context }, use, testInfo) => {
      if (!recorder) return use();
      currentTest = `${testInfo.file.replace(/^.*\/tests\//, "tests/")} › ${testInfo.titlePath.slice(1).join(" › ")}`;
      watchContext(recorder, context);
      await use();
      await Promise.race([Promise.all(pending), new Promise((resolve) => setTimeout(resolve, 5_000))]);
      recorder.flush();
      currentTest = `${testInfo.file.replace(/^.*\/tests\//, "tests/")} › (hooks)`;
    },
    { auto: true },
  ],
});

/** `request.newContext()` as in @playwright/test, recording like every other context. */
export const request: typeof playwrightRequest = {
  newContext: async (...args) => {
    const api = await playwrightRequest.newContext(...args);
    if (recorder) watchApi(recorder, api);
    return api;
  },
};
