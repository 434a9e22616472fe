/** SHA-256 in hexadecimal, the one digest the store keeps (migrations, imported files, reports, sessions). */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** Of a text (as UTF-8) or of bytes. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Of a file, read as a stream: a report of a million rows is never held in memory at once. */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
