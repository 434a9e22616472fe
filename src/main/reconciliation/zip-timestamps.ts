/**
 * exceljs stamps every entry of the XLSX zip with the current time, so the same report written twice would
 * differ byte for byte. The DOS date/time fields of each local header and central directory entry are set
 * to one fixed value (1980-01-01 00:00, the DOS epoch) so identical input gives an identical file.
 */
const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;

export function fixZipTimestamps(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  let offset = 0;
  while (offset + 4 <= out.length) {
    const signature = out.readUInt32LE(offset);
    if (signature === LOCAL_HEADER) {
      out.writeUInt16LE(0, offset + 10);
      out.writeUInt16LE(DOS_DATE_1980_01_01, offset + 12);
      const flags = out.readUInt16LE(offset + 6);
      if (flags & 0x08) throw new Error('zip entries with data descriptors are not supported');
      const compressed = out.readUInt32LE(offset + 18);
      const nameLength = out.readUInt16LE(offset + 26);
      const extraLength = out.readUInt16LE(offset + 28);
      offset += 30 + nameLength + extraLength + compressed;
    } else if (signature === CENTRAL_HEADER) {
      out.writeUInt16LE(0, offset + 12);
      out.writeUInt16LE(DOS_DATE_1980_01_01, offset + 14);
      const nameLength = out.readUInt16LE(offset + 28);
      const extraLength = out.readUInt16LE(offset + 30);
      const commentLength = out.readUInt16LE(offset + 32);
      offset += 46 + nameLength + extraLength + commentLength;
    } else if (signature === END_OF_CENTRAL) {
      return out;
    } else {
      throw new Error(`unexpected zip record at byte ${offset}`);
    }
  }
  throw new Error('zip has no end-of-central-directory record');
}
