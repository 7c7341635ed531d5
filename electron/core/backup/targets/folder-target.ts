import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { BackupTargetError, checkTargetName, type BackupTarget, type TargetEntry } from '../backup-target.js';

const TEMPORARY = 'tmp';

/**
 * A repository in a local folder. Atomic, never-overwriting writes: the bytes go to `tmp/<random>`,
 * are flushed, then hard-linked to the final name (link fails if the name exists, where rename
 * would replace it) and the temporary removed; a crash leaves at most a file in `tmp/`, which
 * list() never shows. (File systems without hard links, FAT32/exFAT, are the removable-media
 * target's business.)
 */
export class FolderTarget implements BackupTarget {
  readonly description: string;

  constructor(readonly root: string) {
    this.description = `folder ${root}`;
  }

  private pathOf(name: string): string {
    checkTargetName(name);
    return path.join(this.root, ...name.split('/'));
  }

  async put(name: string, bytes: Uint8Array): Promise<void> {
    const final = this.pathOf(name);
    await mkdir(path.join(this.root, TEMPORARY), { recursive: true });
    await mkdir(path.dirname(final), { recursive: true });
    const temporary = path.join(this.root, TEMPORARY, randomBytes(12).toString('hex'));
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await link(temporary, final);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new BackupTargetError('exists', name, `${name} already exists`);
      if ((error as NodeJS.ErrnoException).code === 'ENOSPC') throw new BackupTargetError('full', name, `no space left for ${name}`);
      throw error;
    } finally {
      await unlink(temporary);
    }
    const directory = await open(path.dirname(final), 'r');
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
  }

  async get(name: string): Promise<Buffer> {
    const file = this.pathOf(name);
    try {
      const handle = await open(file, 'r');
      try {
        return await handle.readFile();
      } finally {
        await handle.close();
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new BackupTargetError('missing', name, `${name} is missing`);
      throw error;
    }
  }

  async getRange(name: string, offset: number, length: number): Promise<Buffer> {
    let handle;
    try {
      handle = await open(this.pathOf(name), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new BackupTargetError('missing', name, `${name} is missing`);
      throw error;
    }
    try {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      if (bytesRead !== length) throw new BackupTargetError('short', name, `${name} ends before ${offset + length}`);
      return buffer;
    } finally {
      await handle.close();
    }
  }

  async exists(name: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(name))).isFile();
    } catch {
      return false;
    }
  }

  async list(prefix: string): Promise<TargetEntry[]> {
    const entries: TargetEntry[] = [];
    const walk = async (relative: string, depth: number): Promise<void> => {
      let names: string[];
      try {
        names = await readdir(path.join(this.root, relative));
      } catch {
        return;
      }
      for (const name of names) {
        const child = relative === '' ? name : `${relative}/${name}`;
        if (child === TEMPORARY) continue;
        const info = await stat(path.join(this.root, child));
        if (info.isDirectory() && depth < 3) await walk(child, depth + 1);
        else if (info.isFile() && child.startsWith(prefix)) entries.push({ name: child, size: info.size });
      }
    };
    await walk('', 1);
    return entries;
  }

  async remove(name: string): Promise<void> {
    await rm(this.pathOf(name), { force: true });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
