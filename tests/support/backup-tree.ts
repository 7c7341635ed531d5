// A generated folder for backup tests: small and larger random files, duplicates, empty files,
// symlinks (one dangling), Vietnamese names (NFC, and one NFD), modes and nanosecond times; and a
// comparison of two folders that looks at everything a restore must give back.
import { randomBytes } from 'node:crypto';
import { chmod, lstat, lutimes, mkdir, readdir, readFile, readlink, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';

const WORDS = 'công văn số quyết định về việc triển khai kế hoạch năm tỉnh báo cáo kết quả thực hiện nhiệm vụ'.split(' ');
const text = (lines: number) => Array.from({ length: lines }, (_, i) => `${i}. ${Array.from({ length: 12 }, () => WORDS[Math.floor(Math.random() * WORDS.length)]).join(' ')}`).join('\n');

/** About 6 MiB of files. */
export async function generateTree(root: string): Promise<void> {
  const at = (...parts: string[]) => path.join(root, ...parts);
  await mkdir(at('Công văn đến', 'Tháng 12'), { recursive: true });
  await mkdir(at('ảnh'), { recursive: true });
  await mkdir(at('trống'), { recursive: true });
  for (let i = 0; i < 40; i++) await writeFile(at('Công văn đến', `công-văn-${i}.txt`), text(20 + i));
  for (let i = 0; i < 10; i++) await writeFile(at('Công văn đến', 'Tháng 12', `báo cáo ${i}.md`), text(5));
  const big = randomBytes(1536 * 1024);
  await writeFile(at('ảnh', 'chụp màn hình.png'), big);
  await writeFile(at('ảnh', 'bản sao.png'), big); // a duplicate
  await writeFile(at('lưu trữ.bin'), randomBytes(2600 * 1024)); // several chunks
  await writeFile(at('rỗng.txt'), '');
  await writeFile(at('trống', '.ẩn'), '');
  await writeFile(at('Nguye\u0302\u0303n.txt'), 'tên viết ở dạng NFD\n'); // NFD: must come back NFD
  await symlink('Công văn đến/công-văn-1.txt', at('liên kết'));
  await symlink('không có ở đây', at('liên kết hỏng'));
  await chmod(at('lưu trữ.bin'), 0o600);
  await chmod(at('Công văn đến', 'công-văn-2.txt'), 0o444);
  await writeFile(at('chạy.sh'), '#!/bin/sh\necho xin chào\n');
  await chmod(at('chạy.sh'), 0o750);
  await chmod(at('trống'), 0o550);
  await setTimes(root);
}

/** Distinct times with sub-second parts, deepest first so a directory's own stays set. */
async function setTimes(directory: string): Promise<void> {
  let n = 0;
  const walk = async (dir: string): Promise<void> => {
    for (const name of await readdir(dir)) {
      const full = path.join(dir, name);
      const info = await lstat(full);
      if (info.isDirectory()) await walk(full);
      const when = 1_700_000_000 + (n++) * 3_601 + 0.123456;
      if (info.isSymbolicLink()) await lutimes(full, when, when + 0.5);
      else await utimes(full, when, when + 0.5);
    }
  };
  await walk(directory);
}

/** Every entry of a folder, by relative path: type, mode, mtime (µs), content or link target. */
export async function describeTree(root: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const walk = async (relative: string): Promise<void> => {
    for (const name of (await readdir(path.join(root, relative))).sort()) {
      const rel = relative === '' ? name : `${relative}/${name}`;
      const full = path.join(root, rel);
      const info = await lstat(full, { bigint: true });
      const micros = (info.mtimeNs / 1000n).toString();
      if (info.isDirectory()) {
        found.set(rel, `dir ${(info.mode & 0o7777n).toString(8)} ${micros}`);
        await walk(rel);
      } else if (info.isSymbolicLink()) found.set(rel, `symlink -> ${await readlink(full)} ${micros}`);
      else found.set(rel, `file ${(info.mode & 0o7777n).toString(8)} ${micros} ${(await readFile(full)).toString('base64')}`);
    }
  };
  await walk('');
  return found;
}
