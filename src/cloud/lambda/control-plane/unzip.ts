// A code zip's files. The usual zip (stored or deflated entries, no ZIP64, no encryption) is
// read here and inflated by Node's zlib: fflate's inflate, written in JavaScript, took about
// ten times the CPU (0.1 to 0.2 s for three functions that bundle the AWS SDK, on every start).
// Any other zip goes to fflate as before.
import { inflateRawSync } from "node:zlib";
import { unzipSync } from "fflate";

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const ZIP64_MARK = 0xffffffff;
const UTF8_NAME = 0x800;
const ENCRYPTED = 0x1;

/** Where the end-of-central-directory record starts (it ends with a comment of up to 64 KB). */
function endRecord(zip: Buffer): number | undefined {
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) return at;
  }
  return undefined;
}

/** The entry's bytes, or undefined for what only fflate reads. */
function entryData(zip: Buffer, header: number): Uint8Array | undefined {
  const flags = zip.readUInt16LE(header + 8);
  const method = zip.readUInt16LE(header + 10);
  const size = zip.readUInt32LE(header + 20);
  const local = zip.readUInt32LE(header + 42);
  if (flags & ENCRYPTED || size === ZIP64_MARK || local === ZIP64_MARK) return undefined;
  if (zip.readUInt32LE(local) !== LOCAL_HEADER) return undefined;
  const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
  const data = zip.subarray(start, start + size);
  if (method === 0) return data;
  return method === 8 ? inflateRawSync(data) : undefined;
}

function readUsualZip(zip: Buffer): Record<string, Uint8Array> | undefined {
  const end = endRecord(zip);
  if (end === undefined) return undefined;
  const count = zip.readUInt16LE(end + 10);
  let header = zip.readUInt32LE(end + 16);
  if (header === ZIP64_MARK) return undefined;
  const files: Record<string, Uint8Array> = {};
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(header) !== CENTRAL_HEADER) return undefined;
    const nameLength = zip.readUInt16LE(header + 28);
    const encoding = zip.readUInt16LE(header + 8) & UTF8_NAME ? "utf8" : "latin1";
    const name = zip.toString(encoding, header + 46, header + 46 + nameLength);
    const data = entryData(zip, header);
    if (!data) return undefined;
    files[name] = data;
    header += 46 + nameLength + zip.readUInt16LE(header + 30) + zip.readUInt16LE(header + 32);
  }
  return files;
}

/** Every file in `zip` by its path; throws when the zip is damaged. */
export function unzip(zip: Uint8Array): Record<string, Uint8Array> {
  return readUsualZip(Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength)) ?? unzipSync(zip);
}
