// Small real file systems for the removable-media target: an exFAT image on a loop device mounted
// with Debian's exfat-fuse (no hard links, case-insensitive names, like a USB stick), and a tmpfs of
// a given size. Root is needed (loop devices, mount); each is unmounted and detached by the teardown.
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Teardown } from '../teardown.js';

/** A fresh exFAT file system of `mebibytes` MiB mounted at the returned folder. */
export async function exfatMedium(teardown: Teardown, mebibytes: number): Promise<string> {
  const dir = await teardown.tempDir('airlock-exfat-');
  const image = path.join(dir, 'stick.img');
  await writeFile(image, Buffer.alloc(0));
  execFileSync('truncate', ['-s', `${mebibytes}M`, image]);
  execFileSync('mkfs.exfat', ['-L', 'AIRLOCK', image], { stdio: 'ignore' });
  const device = execFileSync('losetup', ['--find', '--show', image], { encoding: 'utf8' }).trim();
  teardown.defer(() => execFileSync('losetup', ['--detach', device]));
  const mountPoint = path.join(dir, 'media');
  await mkdir(mountPoint);
  execFileSync('mount.exfat-fuse', [device, mountPoint], { stdio: 'ignore' });
  teardown.defer(() => execFileSync('umount', [mountPoint]));
  return mountPoint;
}

/** A fresh tmpfs of `kibibytes` KiB (hard links, case-sensitive) mounted at the returned folder. */
export async function tmpfsMedium(teardown: Teardown, kibibytes: number): Promise<string> {
  const dir = await teardown.tempDir('airlock-tmpfs-');
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kibibytes}k`, 'tmpfs', dir]);
  teardown.defer(() => execFileSync('umount', ['--lazy', dir]));
  return dir;
}
