import { link, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

/** How many numbered names are tried before giving up (EEXIST): a folder with 999 copies is a mistake, not a use. */
const MAX_NUMBER = 999;

/** File systems without hard links (FAT and exFAT on USB media) answer link() with one of these. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/** "Báo cáo.pdf" → "Báo cáo (2).pdf"; "ghi-chu" → "ghi-chu (2)"; a leading dot is not an extension. */
export function numberedName(name: string, number: number): string {
  if (number <= 1) return name;
  const extension = path.extname(name);
  return `${name.slice(0, name.length - extension.length)} (${number})${extension}`;
}

/**
 * Gives the complete file `temporary` the first free name of `wanted`, "wanted (2)", "(3)"… in
 * wanted's folder, atomically and without ever replacing a file: link() fails with EEXIST when the
 * name is taken, however many writers race for it, and the temporary name is removed once linked.
 * Where the file system has no hard links, the name is first claimed by an exclusive create
 * (O_EXCL) and the temporary file renamed over that empty claim, which is ours alone.
 */
export async function claimFreeName(temporary: string, wanted: string): Promise<string> {
  const folder = path.dirname(wanted);
  const name = path.basename(wanted);
  for (let number = 1; number <= MAX_NUMBER; number++) {
    const candidate = path.join(folder, numberedName(name, number));
    try {
      await link(temporary, candidate);
      await unlink(temporary);
      return candidate;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (code === 'EEXIST') continue;
      if (!NO_HARD_LINKS.has(code)) throw error;
      if (await claimByExclusiveCreate(candidate)) {
        await rename(temporary, candidate);
        return candidate;
      }
    }
  }
  throw Object.assign(new Error(`no free name for ${name}`), { code: 'EEXIST' });
}

async function claimByExclusiveCreate(candidate: string): Promise<boolean> {
  try {
    await (await open(candidate, 'wx', 0o600)).close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}
