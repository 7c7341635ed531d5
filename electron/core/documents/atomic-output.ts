import { randomBytes } from 'node:crypto';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/**
 * A file that appears under its name only when complete: written to a temporary name in the same
 * folder (0600, never an existing file), synced, then renamed; the folder is synced too so the
 * rename survives a power cut. Anything else — an error, a cancel, a kill — leaves no output under
 * the final name, and `discard` removes the temporary file.
 */
export class AtomicOutput {
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #written = 0;

  private constructor(
    readonly target: string,
    readonly temporary: string,
    private readonly handle: FileHandle,
  ) {}

  static async create(target: string): Promise<AtomicOutput> {
    const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.part`);
    return new AtomicOutput(target, temporary, await open(temporary, 'wx', 0o600));
  }

  get bytesWritten(): number {
    return this.#written + this.#pendingBytes;
  }

  /** Buffers up to 1 MiB and writes it with one writev: 64 KiB chunks one syscall each would dominate. */
  async write(chunk: Buffer): Promise<void> {
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    if (this.#pendingBytes >= 1024 * 1024) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.#pending.length === 0) return;
    const parts = this.#pending;
    this.#pending = [];
    this.#written += this.#pendingBytes;
    this.#pendingBytes = 0;
    await this.handle.writev(parts);
  }

  async commit(): Promise<void> {
    await this.flush();
    await this.handle.sync();
    await this.handle.close();
    await rename(this.temporary, this.target);
    const folder = await open(path.dirname(this.target), 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  }

  async discard(): Promise<void> {
    this.#pending = [];
    await this.handle.close().catch(() => undefined);
    await unlink(this.temporary).catch(() => undefined);
  }
}
