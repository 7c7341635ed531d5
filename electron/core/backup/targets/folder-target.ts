import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { statIfPresent } from './stat-if-present.js';
import { BackupTargetError, checkTargetName, partsOf, type BackupTarget, type RangeReader, type TargetBytes, type TargetEntry } from '../backup-target.js';

/** Half-written files live here under random names until moved; list() never shows them. */
const TEMPORARY = 'tmp';
const DISK_FULL = new Set(['ENOSPC', 'EDQUOT']);
// writev(2) takes at most IOV_MAX (1024 on Linux) buffers; a pack of small files' blobs has more.
const WRITEV_PARTS = 1024;

/**
 * A repository in a local folder. Atomic, never-overwriting writes: the bytes go to
 * `tmp/<random>.part`, are flushed, then hard-linked to the final name (link fails if the name
 * exists, where rename would replace it), the temporary removed and the folder flushed; a crash
 * leaves at most a file in `tmp/`. The removable-media target adds FAT rules and a read-back.
 */
export class FolderTarget implements BackupTarget {
  readonly description: string;

  constructor(readonly root: string) {
    this.description = `folder ${root}`;
  }

  protected pathOf(name: string): string {
    checkTargetName(name);
    return path.join(this.root, ...name.split('/'));
  }

  async put(name: string, bytes: TargetBytes): Promise<void> {
    const final = this.pathOf(name);
    const temporary = path.join(this.root, TEMPORARY, `${randomBytes(12).toString('hex')}.part`);
    try {
      await mkdir(path.dirname(temporary), { recursive: true });
      await mkdir(path.dirname(final), { recursive: true });
      await writeFlushed(temporary, bytes);
      await this.moveWithoutReplacing(name, temporary, final);
      await syncFolder(path.dirname(final));
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => undefined);
      throw targetError(error, name);
    }
    await this.checkWritten(name, final, bytes);
  }

  /** Gives the flushed temporary its final name, never replacing an existing one. */
  protected async moveWithoutReplacing(name: string, temporary: string, final: string): Promise<void> {
    try {
      await link(temporary, final);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new BackupTargetError('exists', name, `${name} already exists`);
      throw error;
    }
    await unlink(temporary);
  }

  /** After a write is durable: nothing more on a local disk (removable media read it back). */
  protected checkWritten(_name: string, _file: string, _bytes: TargetBytes): Promise<void> {
    return Promise.resolve();
  }

  async get(name: string): Promise<Buffer> {
    const handle = await this.openForReading(name);
    try {
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  }

  async getRange(name: string, offset: number, length: number): Promise<Buffer> {
    const handle = await this.openForReading(name);
    try {
      return await readRange(handle, name, offset, length);
    } finally {
      await handle.close();
    }
  }

  async openRanges(name: string): Promise<RangeReader> {
    const handle = await this.openForReading(name);
    return { read: (offset, length) => readRange(handle, name, offset, length), close: () => handle.close() };
  }

  localFile(name: string): string {
    return this.pathOf(name);
  }

  private async openForReading(name: string) {
    try {
      return await open(this.pathOf(name), 'r');
    } catch (error) {
      throw targetError(error, name);
    }
  }

  async exists(name: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(name))).isFile();
    } catch (error) {
      if (error instanceof BackupTargetError) throw error;
      return false;
    }
  }

  async list(prefix: string): Promise<TargetEntry[]> {
    const entries: TargetEntry[] = [];
    const walk = async (relative: string, depth: number): Promise<void> => {
      let names: string[];
      try {
        names = await readdir(path.join(this.root, relative));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw targetError(error, relative);
      }
      for (const name of names) {
        const child = relative === '' ? name : `${relative}/${name}`;
        if (child === TEMPORARY || !(prefix.startsWith(child) || child.startsWith(prefix))) continue;
        const info = await statIfPresent(path.join(this.root, child));
        if (info === undefined) continue;
        if (info.isDirectory() && depth < 3) await walk(child, depth + 1);
        else if (info.isFile() && child.startsWith(prefix)) entries.push({ name: child, size: info.size });
      }
    };
    await walk('', 1);
    return entries;
  }

  async remove(name: string): Promise<void> {
    const file = this.pathOf(name);
    try {
      await rm(file, { force: true });
      await syncFolder(path.dirname(file));
    } catch (error) {
      throw targetError(error, name);
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

async function readRange(handle: FileHandle, name: string, offset: number, length: number): Promise<Buffer> {
  // Every byte is read into it (or the read fails): no zero fill first.
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, offset + filled);
    if (bytesRead === 0) throw new BackupTargetError('short', name, `${name} ends before ${offset + length}`);
    filled += bytesRead;
  }
  return buffer;
}

async function writeFlushed(file: string, bytes: TargetBytes): Promise<void> {
  const handle = await open(file, 'wx', 0o600);
  try {
    await writeParts(handle, partsOf(bytes));
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The parts one after the other from the file's start, by writev, which may write less than asked. */
export async function writeParts(handle: FileHandle, parts: readonly Uint8Array[]): Promise<void> {
  let position = 0;
  let next = 0;
  let first: Uint8Array | undefined; // the rest of a part a short write cut
  while (first !== undefined || next < parts.length) {
    const batch = first === undefined ? [] : [first];
    while (batch.length < WRITEV_PARTS && next < parts.length) batch.push(parts[next++] as Uint8Array);
    const asked = batch.reduce((sum, part) => sum + part.length, 0);
    if (asked === 0) return;
    const { bytesWritten } = await handle.writev(batch, position);
    position += bytesWritten;
    first = undefined;
    if (bytesWritten === asked) continue;
    // Short: put back what was not written, the cut part's rest first.
    let skipped = bytesWritten;
    let at = 0;
    while (skipped >= (batch[at] as Uint8Array).length) skipped -= (batch[at++] as Uint8Array).length;
    next -= batch.length - at - 1;
    first = (batch[at] as Uint8Array).subarray(skipped);
  }
}

/** Makes a rename durable; file systems that cannot flush a folder (some FUSE ones, Windows) are let be. */
async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch (error) {
    if (!['EINVAL', 'ENOTSUP', 'EOPNOTSUPP', 'EISDIR', 'EPERM', 'ENOSYS'].includes(String((error as NodeJS.ErrnoException).code))) throw error;
  } finally {
    await handle?.close();
  }
}

/** A file-system error as the repository understands it; anything unexpected passes unchanged. */
export function targetError(error: unknown, name: string): unknown {
  if (error instanceof BackupTargetError) return error;
  const code = String((error as NodeJS.ErrnoException).code);
  if (DISK_FULL.has(code)) return new BackupTargetError('full', name, `no space left for ${name}`);
  if (code === 'ENOENT') return new BackupTargetError('missing', name, `${name} is missing`);
  if (code === 'EFBIG') return new BackupTargetError('refused', name, `${name} is larger than the file system allows`);
  if (['EIO', 'ENODEV', 'ENXIO', 'ENOTCONN', 'EROFS'].includes(code)) return new BackupTargetError('unreachable', name, `the folder cannot be written (${code})`);
  if (code === 'EACCES') return new BackupTargetError('refused', name, `the folder refuses ${name} (${code})`);
  return error;
}
