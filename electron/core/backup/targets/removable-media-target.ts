import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { BackupTargetError, checkTargetName, type BackupTarget, type TargetEntry } from '../backup-target.js';

/** FAT32's largest file is 4 GiB − 1; packs are ~16 MiB, so only a broken caller reaches it. */
export const FAT_MAX_FILE_BYTES = 0xffff_ffff;
/** Half-written files live here under random names until renamed; list() never shows them. */
const TEMPORARY = 'tmp';
/** DOS device names: a file so named cannot be opened on Windows, whatever its extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/;
/** Where a file system has no hard links (FAT32, exFAT) or refuses them. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'EMLINK', 'ENOSYS']);
const DISK_FULL = new Set(['ENOSPC', 'EDQUOT']);

export interface RemovableMediaTargetOptions {
  /** The repository's folder on the medium (e.g. `/media/usb/airlock`); made if missing. */
  readonly root: string;
  /**
   * Reads a written file back from the medium. Default: `dd iflag=direct` where it works (past the
   * page cache, so a stick that lies about its capacity is caught), else a plain read. A test can
   * pass a reader that lies, the only way to have such a medium in a test.
   */
  readonly readBack?: (file: string) => Promise<Buffer>;
}

/**
 * A repository on removable media (docs/backup-repository.md, "Targets"). Safe on FAT32 and exFAT:
 * names are lower-case ASCII by the repository's rule (so two names never collide on a
 * case-insensitive file system) and never DOS device names; no file reaches 4 GiB. Each file is
 * written to `tmp/<random>`, flushed, moved to its name (a hard link where the file system has
 * them, so an existing name is never replaced; else a check then a rename), the folder flushed, and
 * the file read back and compared by SHA-256.
 */
export class RemovableMediaTarget implements BackupTarget {
  readonly description: string;
  private readonly root: string;
  private readonly readBack: (file: string) => Promise<Buffer>;

  constructor(options: RemovableMediaTargetOptions) {
    this.root = options.root;
    this.readBack = options.readBack ?? readPastCache;
    this.description = `folder ${options.root}`;
  }

  private pathOf(name: string): string {
    checkTargetName(name);
    if (name.split('/').some((segment) => RESERVED.test(segment))) throw new BackupTargetError('bad-name', name, `${name} is a device name on FAT media`);
    return path.join(this.root, ...name.split('/'));
  }

  async put(name: string, bytes: Uint8Array): Promise<void> {
    const final = this.pathOf(name);
    if (bytes.length > FAT_MAX_FILE_BYTES) throw new BackupTargetError('refused', name, `${name} is larger than a FAT file can be`);
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
    const read = await this.readBack(final).catch((error: unknown) => {
      throw targetError(error, name);
    });
    if (!sha256(read).equals(sha256(bytes))) {
      // A file that is not what was written must not stay under a name that says it is.
      await rm(final, { force: true }).catch(() => undefined);
      throw new BackupTargetError('read-back-mismatch', name, `${name} reads back different from what was written`);
    }
  }

  private async moveWithoutReplacing(name: string, temporary: string, final: string): Promise<void> {
    try {
      await link(temporary, final);
      await unlink(temporary);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new BackupTargetError('exists', name, `${name} already exists`);
      if (!NO_HARD_LINKS.has(String((error as NodeJS.ErrnoException).code))) throw error;
    }
    // No hard links (FAT, exFAT). Linux still says EEXIST above for an existing name (the kernel
    // looks before asking the file system, seen on exfat-fuse); elsewhere rename would replace, so
    // look first. The gap between look and rename matters only to two writers of one name at once:
    // content-named files then carry the same bytes, and `config` is written once, by init.
    if (await this.exists(name)) throw new BackupTargetError('exists', name, `${name} already exists`);
    await rename(temporary, final);
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
      const buffer = Buffer.alloc(length);
      let filled = 0;
      while (filled < length) {
        const { bytesRead } = await handle.read(buffer, filled, length - filled, offset + filled);
        if (bytesRead === 0) throw new BackupTargetError('short', name, `${name} ends before ${offset + length}`);
        filled += bytesRead;
      }
      return buffer;
    } finally {
      await handle.close();
    }
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
        const info = await stat(path.join(this.root, child));
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

function sha256(bytes: Uint8Array): Buffer {
  return createHash('sha256').update(bytes).digest();
}

async function writeFlushed(file: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(file, 'wx', 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
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

/** The file as the medium holds it: dd with O_DIRECT skips the page cache; a plain read where it cannot. */
export async function readPastCache(file: string): Promise<Buffer> {
  const direct = await new Promise<Buffer | undefined>((resolve) => {
    const child = spawn('dd', [`if=${file}`, 'iflag=direct', 'bs=1M', 'status=none'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const parts: Buffer[] = [];
    child.stdout.on('data', (part: Buffer) => parts.push(part));
    child.on('error', () => resolve(undefined));
    child.on('close', (code) => resolve(code === 0 ? Buffer.concat(parts) : undefined));
  });
  if (direct !== undefined) return direct;
  const handle = await open(file, 'r');
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** A file-system error as the repository understands it; anything unexpected passes unchanged. */
function targetError(error: unknown, name: string): unknown {
  if (error instanceof BackupTargetError) return error;
  const code = String((error as NodeJS.ErrnoException).code);
  if (DISK_FULL.has(code)) return new BackupTargetError('full', name, `no space left on the medium for ${name}`);
  if (code === 'ENOENT') return new BackupTargetError('missing', name, `${name} is missing`);
  if (code === 'EFBIG') return new BackupTargetError('refused', name, `${name} is larger than the medium's file system allows`);
  if (['EIO', 'ENODEV', 'ENXIO', 'ENOTCONN', 'EROFS'].includes(code)) return new BackupTargetError('unreachable', name, `the medium cannot be written (${code})`);
  if (code === 'EACCES') return new BackupTargetError('refused', name, `the medium refuses ${name} (${code})`);
  return error;
}
