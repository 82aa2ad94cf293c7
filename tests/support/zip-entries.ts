/**
 * The files inside a zip archive, for the Secret canary check to search Playwright's trace zips
 * (docs/security.md §7; decision 0147). Playwright writes them with yazl: entries stored or
 * deflated, sizes in the central directory (the local headers may say 0 and put them in a data
 * descriptor after the data). No zip library is a dependency of the project, and node:zlib inflates,
 * so this reads the central directory itself. Zip64 (archives or entries over 4 GiB) is refused.
 */
import { inflateRawSync } from "node:zlib";

export type ZipEntry = { name: string; data: Buffer };

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
/** The end record is 22 bytes plus a comment of at most 65,535. */
const END_SEARCH = 22 + 0xffff;

export function zipEntries(zip: Buffer): ZipEntry[] {
  const end = findEndOfDirectory(zip);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  if (count === 0xffff || at === 0xffffffff) throw new Error("zip64 archives are not supported");
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index += 1) {
    if (zip.readUInt32LE(at) !== DIRECTORY_ENTRY) throw new Error(`central directory entry ${index + 1} is damaged`);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const localHeader = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    if (name.endsWith("/")) continue;
    if (compressedSize === 0xffffffff || localHeader === 0xffffffff) throw new Error(`${name}: zip64 is not supported`);
    entries.push({ name, data: entryData(zip, name, method, localHeader, compressedSize) });
  }
  return entries;
}

function findEndOfDirectory(zip: Buffer): number {
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - END_SEARCH); at -= 1) {
    if (zip.readUInt32LE(at) === END_OF_DIRECTORY) return at;
  }
  throw new Error("not a zip archive (no end of central directory)");
}

function entryData(zip: Buffer, name: string, method: number, localHeader: number, size: number): Buffer {
  if (zip.readUInt32LE(localHeader) !== LOCAL_HEADER) throw new Error(`${name}: local header is damaged`);
  const start = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
  const raw = zip.subarray(start, start + size);
  if (method === STORED) return raw;
  if (method === DEFLATED) return inflateRawSync(raw);
  throw new Error(`${name}: compression method ${method} is not supported`);
}
