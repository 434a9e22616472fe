/**
 * The streamed form of writeFileAtomic, for report files too big to hold in memory (a million-row day is
 * hundreds of megabytes): chunks go to the same `.partial` temporary file as they are produced, through
 * asynchronous writes so the event loop keeps turning, and the file is renamed over the final name only once
 * it is complete and flushed to disk. The sha256 recorded in the report history is computed on the way.
 */
import { createHash, randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { AtomicWriteHooks } from './atomic-write';

/** Small chunks (one CSV record each) are gathered into writes of this size: one system call per 256 KiB. */
const WRITE_SIZE = 256 * 1024;
const READ_SIZE = 1024 * 1024;

export interface StreamedFile {
  readonly bytes: number;
  readonly sha256: string;
}

/** Rewrites bytes of the finished temporary file in place (the XLSX zip timestamps), before it is synced. */
export type Patch = (handle: FileHandle) => Promise<void>;

export class AtomicFileStream {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private written = 0;
  private chunkIndex = 0;
  private readonly hash = createHash('sha256');
  private done = false;

  private constructor(
    private readonly finalPath: string,
    private readonly temp: string,
    private readonly handle: FileHandle,
    private readonly hooks: AtomicWriteHooks,
  ) {}

  static async open(finalPath: string, hooks: AtomicWriteHooks = {}): Promise<AtomicFileStream> {
    const temp = join(
      dirname(finalPath),
      `.${basename(finalPath)}.partial-${randomBytes(6).toString('hex')}`,
    );
    // Read and write: a patch reads the finished file back (the XLSX zip directory) before it is renamed.
    const handle = await open(temp, 'wx+', hooks.mode ?? 0o600);
    // open's mode is masked by the umask; set it exactly (reports are owner-only, like the data folder).
    if (process.platform !== 'win32') await handle.chmod(hooks.mode ?? 0o600);
    hooks.onTemp?.(temp);
    return new AtomicFileStream(finalPath, temp, handle, hooks);
  }

  /** Resolves once the chunk is buffered or on disk: awaiting it is the backpressure. */
  async write(chunk: Uint8Array): Promise<void> {
    if (chunk.length === 0) return;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= WRITE_SIZE) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const [only] = this.pending;
    const buffer = this.pending.length === 1 && only ? only : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    let offset = 0;
    while (offset < buffer.length) {
      const { bytesWritten } = await this.handle.write(buffer, offset, buffer.length - offset);
      offset += bytesWritten;
    }
    this.hash.update(buffer);
    this.written += buffer.length;
    this.hooks.afterChunk?.(this.chunkIndex++);
  }

  /** Flushes, syncs and renames over the final name. With a patch, the hash is taken from the patched file. */
  async commit(patch?: Patch): Promise<StreamedFile> {
    await this.flush();
    let sha256: string;
    if (patch) {
      await patch(this.handle);
      sha256 = await hashOf(this.handle);
    } else {
      sha256 = this.hash.digest('hex');
    }
    await this.handle.sync();
    await this.handle.close();
    this.hooks.beforeRename?.();
    await rename(this.temp, this.finalPath);
    this.done = true;
    await syncDirectory(dirname(this.finalPath));
    return { bytes: this.written, sha256 };
  }

  /** Removes the temporary file; the final name is untouched (the previous file, if any, stays). */
  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await this.handle.close().catch(() => undefined);
    await rm(this.temp, { force: true });
  }
}

/** Writes every chunk, then commits; any failure (a chunk source that throws included) leaves no file. */
export async function writeStreamAtomic(
  finalPath: string,
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  hooks: AtomicWriteHooks = {},
): Promise<StreamedFile> {
  const file = await AtomicFileStream.open(finalPath, hooks);
  try {
    for await (const chunk of chunks) await file.write(chunk);
    return await file.commit();
  } catch (error) {
    await file.abort();
    throw error;
  }
}

async function hashOf(handle: FileHandle): Promise<string> {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(READ_SIZE);
  for (let position = 0; ;) {
    const { bytesRead } = await handle.read(buffer, 0, READ_SIZE, position);
    if (bytesRead === 0) break;
    hash.update(buffer.subarray(0, bytesRead));
    position += bytesRead;
  }
  return hash.digest('hex');
}

/** Makes the rename itself durable (POSIX); Windows cannot open a folder and needs no such step. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
