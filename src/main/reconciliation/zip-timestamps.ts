/**
 * exceljs stamps every entry of the XLSX zip with the current time, so the same report written twice would
 * differ byte for byte. The DOS date/time fields of each central directory entry and of the local header it
 * points to are set to one fixed value (1980-01-01 00:00, the DOS epoch) so identical input gives an
 * identical file. The streamed writer puts sizes after each entry's data (a data descriptor), so entries
 * cannot be walked from the front; the central directory at the end says where every local header is, and
 * only those few bytes are rewritten in the finished file.
 */
import type { FileHandle } from 'node:fs/promises';

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;
const ZIP64_EXTRA = 0x0001;
const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;
const U32_MAX = 0xffffffff;
/** The end record is 22 bytes plus a comment of at most 65 535. */
const MAX_TAIL = 22 + 0xffff;

export async function fixZipTimestamps(handle: FileHandle): Promise<void> {
  const { size } = await handle.stat();
  const { offset: cdOffset, size: cdSize } = await centralDirectory(handle, size);
  const central = await readAt(handle, cdOffset, cdSize);
  const stamp = Buffer.alloc(4);
  stamp.writeUInt16LE(0, 0);
  stamp.writeUInt16LE(DOS_DATE_1980_01_01, 2);
  let at = 0;
  while (at < central.length) {
    if (central.readUInt32LE(at) !== CENTRAL_HEADER) throw new Error(`unexpected zip record at ${at}`);
    central.writeUInt16LE(0, at + 12);
    central.writeUInt16LE(DOS_DATE_1980_01_01, at + 14);
    const nameLength = central.readUInt16LE(at + 28);
    const extraLength = central.readUInt16LE(at + 30);
    const commentLength = central.readUInt16LE(at + 32);
    const local = localHeaderOffset(central, at, nameLength, extraLength);
    const header = await readAt(handle, local, 4);
    if (header.readUInt32LE(0) !== LOCAL_HEADER) throw new Error(`no local header at ${local}`);
    await writeAt(handle, stamp, local + 10);
    at += 46 + nameLength + extraLength + commentLength;
  }
  await writeAt(handle, central, cdOffset);
}

/** Where the central directory is, from the end record (or its ZIP64 form past 4 GiB). */
async function centralDirectory(handle: FileHandle, size: number): Promise<{ offset: number; size: number }> {
  const tailStart = Math.max(0, size - MAX_TAIL);
  const tail = await readAt(handle, tailStart, size - tailStart);
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i -= 1) {
    if (tail.readUInt32LE(i) === END_OF_CENTRAL) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('zip has no end-of-central-directory record');
  const cdSize = tail.readUInt32LE(end + 12);
  const cdOffset = tail.readUInt32LE(end + 16);
  if (cdSize !== U32_MAX && cdOffset !== U32_MAX) return { offset: cdOffset, size: cdSize };
  const locatorAt = end - 20;
  if (locatorAt < 0 || tail.readUInt32LE(locatorAt) !== ZIP64_LOCATOR) {
    throw new Error('zip64 end record expected but not found');
  }
  const zip64End = await readAt(handle, Number(tail.readBigUInt64LE(locatorAt + 8)), 56);
  if (zip64End.readUInt32LE(0) !== ZIP64_END) throw new Error('zip64 end record is damaged');
  return { offset: Number(zip64End.readBigUInt64LE(48)), size: Number(zip64End.readBigUInt64LE(40)) };
}

/** The local header offset of a central entry; past 4 GiB it sits in the entry's ZIP64 extra field. */
function localHeaderOffset(central: Buffer, at: number, nameLength: number, extraLength: number): number {
  const offset = central.readUInt32LE(at + 42);
  if (offset !== U32_MAX) return offset;
  let field = at + 46 + nameLength;
  const end = field + extraLength;
  while (field + 4 <= end) {
    const id = central.readUInt16LE(field);
    const length = central.readUInt16LE(field + 2);
    if (id === ZIP64_EXTRA) {
      // The ZIP64 field lists, in order, only the values that overflowed in the fixed part.
      let value = field + 4;
      if (central.readUInt32LE(at + 24) === U32_MAX) value += 8;
      if (central.readUInt32LE(at + 20) === U32_MAX) value += 8;
      return Number(central.readBigUInt64LE(value));
    }
    field += 4 + length;
  }
  throw new Error('zip64 entry without its local header offset');
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) throw new Error('zip is shorter than its directory says');
    done += bytesRead;
  }
  return buffer;
}

async function writeAt(handle: FileHandle, buffer: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buffer.length) {
    const { bytesWritten } = await handle.write(buffer, done, buffer.length - done, position + done);
    done += bytesWritten;
  }
}
