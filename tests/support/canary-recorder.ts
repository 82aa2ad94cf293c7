/**
 * Integration setup file: while each test file runs under `npm test`, scan every response body a
 * test reads and every socket.io frame a test's client receives for the Secret canary
 * (docs/security.md §7). Both are the one path all the helpers share: route handlers answer with a
 * Response (read through text/json/arrayBuffer/bytes), and every socket client is socket.io-client.
 * Only hits are kept, named by test and by request or event. Nothing happens outside `npm test`.
 */
import { Socket } from "socket.io-client";
import { afterAll, expect } from "vitest";
import { type CanaryRecorder, isCanaryRevealPath, openCanaryRecorder, responseLabel } from "./secret-canary";

const recorder = openCanaryRecorder("integration");
if (recorder) {
  recordResponses(recorder);
  recordSocketFrames(recorder);
  afterAll(() => recorder.flush());
}

/** "file › test", for a hit's place. */
function currentTest(): string {
  const state = expect.getState();
  const file = state.testPath?.replace(/^.*\/tests\//, "tests/") ?? "?";
  return `${file} › ${state.currentTestName ?? "(set-up)"}`;
}

/** A kube-apiserver's own answers hold the Secret, of course; only Pilothouse's are searched. */
function fromTestCluster(label: string | undefined): boolean {
  return label !== undefined && /^https:\/\/127\.0\.0\.1:30\d43\//.test(label);
}

function recordResponses(recorder: CanaryRecorder) {
  const proto = Response.prototype;
  const { text, arrayBuffer, bytes } = proto;
  const note = (response: Response, body: string | Buffer) => {
    const label = responseLabel(response);
    if (fromTestCluster(label)) return;
    const pathname = label ? (label.split(" ")[1] ?? label) : "";
    const reveal = label?.startsWith("POST ") === true && isCanaryRevealPath(pathname.split("?")[0]!);
    recorder.scan(body, { place: "response", where: `${currentTest()}: ${label ?? "a Response"}`, reveal });
  };
  proto.text = async function (this: Response) {
    const body = await text.call(this);
    note(this, body);
    return body;
  };
  proto.json = async function (this: Response) {
    return JSON.parse(await proto.text.call(this)) as unknown;
  };
  proto.arrayBuffer = async function (this: Response) {
    const body = await arrayBuffer.call(this);
    note(this, Buffer.from(body));
    return body;
  };
  proto.bytes = async function (this: Response) {
    const body = await bytes.call(this);
    note(this, Buffer.from(body.buffer, body.byteOffset, body.byteLength));
    return body;
  };
}

type Packet = { type: number; data?: unknown };
type PacketHandler = { onpacket(packet: Packet): void };

function recordSocketFrames(recorder: CanaryRecorder) {
  const proto = Socket.prototype as unknown as PacketHandler;
  const onpacket = proto.onpacket;
  proto.onpacket = function (this: PacketHandler, packet: Packet) {
    if (packet.data !== undefined) {
      const event = Array.isArray(packet.data) && typeof packet.data[0] === "string" ? packet.data[0] : "ack";
      recorder.scan(JSON.stringify(packet.data), { place: "frame", where: `${currentTest()}: socket frame ${event}` });
    }
    onpacket.call(this, packet);
  };
}
