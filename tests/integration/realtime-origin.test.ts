import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachRealtime } from "@/lib/server/realtime/server";

/** socket.io's cors does not stop cross-site WebSocket hijacking; our handshake Origin check does. */
describe("realtime handshake origin", () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    attachRealtime(server, "http://localhost:3000");
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function handshake(origin?: string) {
    const socket = connect(url, {
      path: "/socket.io",
      transports: ["websocket"],
      reconnection: false,
      extraHeaders: origin ? { Origin: origin } : {},
    });
    return new Promise<"connected" | "refused">((resolve) => {
      socket.on("connect", () => resolve("connected"));
      socket.on("connect_error", () => resolve("refused"));
    }).finally(() => socket.close());
  }

  it("accepts the app's own origin", async () => {
    expect(await handshake("http://localhost:3000")).toBe("connected");
  });

  it.each(["https://evil.example", "null", "http://localhost:3001", undefined])("refuses origin %s", async (origin) => {
    expect(await handshake(origin)).toBe("refused");
  });
});
