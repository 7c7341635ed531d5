import { randomBytes } from 'node:crypto';
import { open, readdir, unlink, type FileHandle } from 'node:fs/promises';
import { claimFreeName } from './free-name.js';
import { viewsAfter } from './positional-write.js';
import path from 'node:path';
import type { PartJournal } from './part-journal.js';

/**
 * A file that appears under its name only when complete: written to a temporary name in the same
 * folder (0600, never an existing file), synced, then given the first free name of "x.ext",
 * "x (2).ext", "x (3).ext"… (free-name.ts: a hard link, which never replaces a file, so two writers
 * of one name both succeed under different names and nothing is overwritten); the folder is synced
 * too so the new name survives a power cut. Anything else — an error, a cancel, a kill — leaves no output under
 * the final name, and `discard` removes the temporary file.
 */
/** Written bytes between background data syncs: the disk works while the CPU encrypts. */
const SYNC_EVERY = 64 * 1024 * 1024;
/** Writes in flight at once (each about 1 MiB, at its own offset): the caller encrypts the next batch meanwhile. */
const MAX_WRITES_IN_FLIGHT = 4;

export class AtomicOutput {
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #written = 0;
  #unsynced = 0;
  #syncing: Promise<void> | undefined;
  readonly #writes = new Set<Promise<unknown>>();
  #failed: unknown;

  private constructor(
    readonly target: string,
    readonly temporary: string,
    private readonly handle: FileHandle,
    private readonly journal: PartJournal | undefined,
  ) {}

  /** `journal`: where the temporary file is noted while it exists, so a crash's leftover is swept at the next unlock. */
  static async create(target: string, journal?: PartJournal): Promise<AtomicOutput> {
    await sweepStaleParts(target);
    const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.part`);
    journal?.noteCreated(temporary);
    try {
      return new AtomicOutput(target, temporary, await open(temporary, 'wx', 0o600), journal);
    } catch (error) {
      journal?.noteGone(temporary);
      throw error;
    }
  }

  get bytesWritten(): number {
    return this.#written + this.#pendingBytes;
  }

  /** For worker threads that write the file: a payload pipeline's instead of `write`, or chunk threads' within `reserve`. */
  get fd(): number {
    return this.handle.fd;
  }

  /** Buffers up to 1 MiB and writes it with one writev: 64 KiB chunks one syscall each would dominate. */
  async write(...chunks: Buffer[]): Promise<void> {
    for (const chunk of chunks) {
      this.#pending.push(chunk);
      this.#pendingBytes += chunk.length;
    }
    if (this.#pendingBytes >= 1024 * 1024) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.#failed !== undefined) throw this.#failed;
    if (this.#pending.length === 0) return;
    const parts = this.#pending;
    const bytes = this.#pendingBytes;
    const position = this.#written;
    this.#pending = [];
    this.#written += bytes;
    this.#pendingBytes = 0;
    const write: Promise<unknown> = writeFully(this.handle, parts, position).then(
      () => this.#writes.delete(write),
      (error: unknown) => {
        this.#failed ??= error;
        this.#writes.delete(write);
      },
    );
    this.#writes.add(write);
    if (this.#writes.size >= MAX_WRITES_IN_FLIGHT) await Promise.race(this.#writes);
    if (this.#failed !== undefined) throw this.#failed;
    this.noteWritten(bytes);
  }

  /**
   * The next `bytes` after what was written here were written through `fd` by others (chunk
   * threads, each at its own offset from `bytesWritten`, after a `flush`); later writes follow them.
   */
  wroteElsewhere(bytes: number): void {
    if (this.#pendingBytes > 0) throw new Error('bytes written elsewhere must follow a flush');
    this.#written += bytes;
  }

  /** Bytes that reached the file, here or elsewhere: one background fdatasync at a time, so the sync at commit finds little left. */
  noteWritten(bytes: number): void {
    this.#unsynced += bytes;
    if (this.#unsynced >= SYNC_EVERY && this.#syncing === undefined) {
      this.#unsynced = 0;
      this.#syncing = this.handle.datasync().finally(() => (this.#syncing = undefined));
    }
  }

  /**
   * Completes the file under `name` (default: the target's name) in the target's folder, or under
   * the first free numbered form of it; returns the path it got.
   */
  async commit(name = path.basename(this.target)): Promise<string> {
    await this.flush();
    await Promise.all(this.#writes);
    if (this.#failed !== undefined) throw this.#failed;
    await this.#syncing;
    await this.handle.sync();
    await this.handle.close();
    const final = await claimFreeName(this.temporary, path.join(path.dirname(this.target), name));
    this.journal?.noteGone(this.temporary);
    const folder = await open(path.dirname(this.target), 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
    return final;
  }

  async discard(): Promise<void> {
    this.#pending = [];
    await Promise.all(this.#writes);
    await this.#syncing?.catch(() => undefined);
    await this.handle.close().catch(() => undefined);
    await unlink(this.temporary).catch(() => undefined);
    this.journal?.noteGone(this.temporary);
  }
}

/**
 * writev may write only part of what it was given (a disk filling up writes what fits and says so
 * only by the count); the rest is written until it is all there or the system refuses with an
 * error (ENOSPC). Without this a full disk could leave a silently shortened file.
 */
async function writeFully(handle: FileHandle, parts: readonly Buffer[], position: number): Promise<void> {
  let views = parts;
  let at = position;
  while (views.length > 0) {
    const { bytesWritten } = await handle.writev([...views], at);
    if (bytesWritten === 0) throw Object.assign(new Error('the file system accepted no bytes'), { code: 'EIO' });
    at += bytesWritten;
    views = viewsAfter(views, bytesWritten);
  }
}

/**
 * A killed process cannot remove its temporary file; the next write of the same target does
 * (for an export, that file holds plaintext the user asked for but never received).
 */
async function sweepStaleParts(target: string): Promise<void> {
  const folder = path.dirname(target);
  const prefix = `.${path.basename(target)}.`;
  const names = await readdir(folder).catch(() => [] as string[]);
  await Promise.all(names.filter((name) => name.startsWith(prefix) && /^[0-9a-f]{12}\.part$/.test(name.slice(prefix.length))).map((name) => unlink(path.join(folder, name)).catch(() => undefined)));
}
