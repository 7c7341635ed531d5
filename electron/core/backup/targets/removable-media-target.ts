import { spawn } from 'node:child_process';
import { open, rename, rm } from 'node:fs/promises';
import { BackupTargetError, lengthOf, partsOf, type TargetBytes } from '../backup-target.js';
import { FolderTarget, targetError } from './folder-target.js';

/** FAT32's largest file is 4 GiB − 1; packs are ~16 MiB, so only a broken caller reaches it. */
export const FAT_MAX_FILE_BYTES = 0xffff_ffff;
/** DOS device names: a file so named cannot be opened on Windows, whatever its extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/;
/** Where a file system has no hard links (FAT32, exFAT) or refuses them. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'EMLINK', 'ENOSYS']);

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
 * A repository on removable media (docs/backup-repository.md, "Targets"): the folder target's
 * writes, made safe on FAT32 and exFAT. Names are lower-case ASCII by the repository's rule (so two
 * names never collide on a case-insensitive file system) and never DOS device names; no file reaches
 * 4 GiB; where the file system has no hard links the move is a check then a rename; and every file
 * is read back and compared by SHA-256.
 */
export class RemovableMediaTarget extends FolderTarget {
  private readonly readBack: (file: string) => Promise<Buffer>;

  constructor(options: RemovableMediaTargetOptions) {
    super(options.root);
    this.readBack = options.readBack ?? readPastCache;
  }

  protected override pathOf(name: string): string {
    const file = super.pathOf(name);
    if (name.split('/').some((segment) => RESERVED.test(segment))) throw new BackupTargetError('bad-name', name, `${name} is a device name on FAT media`);
    return file;
  }

  override async put(name: string, bytes: TargetBytes): Promise<void> {
    if (lengthOf(bytes) > FAT_MAX_FILE_BYTES) throw new BackupTargetError('refused', name, `${name} is larger than a FAT file can be`);
    await super.put(name, bytes);
  }

  protected override async moveWithoutReplacing(name: string, temporary: string, final: string): Promise<void> {
    try {
      await super.moveWithoutReplacing(name, temporary, final);
      return;
    } catch (error) {
      if (!NO_HARD_LINKS.has(String((error as NodeJS.ErrnoException).code))) throw error;
    }
    // No hard links (FAT, exFAT). Linux still says EEXIST above for an existing name (the kernel
    // looks before asking the file system, seen on exfat-fuse); elsewhere rename would replace, so
    // look first. The gap between look and rename matters only to two writers of one name at once:
    // content-named files then carry the same bytes, and `config` is written once, by init.
    if (await this.exists(name)) throw new BackupTargetError('exists', name, `${name} already exists`);
    await rename(temporary, final);
  }

  protected override async checkWritten(name: string, file: string, bytes: TargetBytes): Promise<void> {
    const read = await this.readBack(file).catch((error: unknown) => {
      throw targetError(error, name);
    });
    // Byte for byte (a memcmp, ~2 ms for a 16 MiB pack), not a SHA-256 of each side (~25 ms, measured).
    if (!sameBytes(read, bytes)) {
      // A file that is not what was written must not stay under a name that says it is.
      await rm(file, { force: true }).catch(() => undefined);
      throw new BackupTargetError('read-back-mismatch', name, `${name} reads back different from what was written`);
    }
  }
}

/** Whether `read` holds exactly the parts, one after the other. */
function sameBytes(read: Buffer, bytes: TargetBytes): boolean {
  if (read.length !== lengthOf(bytes)) return false;
  let at = 0;
  for (const part of partsOf(bytes)) {
    if (!read.subarray(at, at + part.length).equals(part)) return false;
    at += part.length;
  }
  return true;
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
