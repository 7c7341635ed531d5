import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { BackupTargetError } from '../../../electron/core/backup/backup-target.js';
import { RemovableMediaTarget } from '../../../electron/core/backup/targets/removable-media-target.js';
import { exfatMedium, tmpfsMedium } from '../../support/backup/removable-media.js';
import { checkTargetContract, packName, refused } from '../../support/backup/target-contract.js';
import { teardownAfterSuite } from '../../support/teardown.js';


/** Every file on the medium outside `tmp/` and the temporaries left in `tmp/`. */
async function onMedium(root: string): Promise<{ files: string[]; temporaries: string[] }> {
  const all = (await readdir(root, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
  const names = all.map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
  return { files: names.filter((name) => !name.startsWith('tmp/')).sort(), temporaries: names.filter((name) => name.startsWith('tmp/')) };
}

describe('removable-media target on a real exFAT file system (exfat-fuse on a loop device; root)', () => {
  const teardown = teardownAfterSuite();
  let medium: string;
  before(async () => {
    medium = await exfatMedium(teardown, 8);
  });

  it('stores, reads, lists and removes files; never replaces one; leaves no temporary', async () => {
    const root = path.join(medium, 'airlock');
    const target = new RemovableMediaTarget({ root });
    const { name, pack } = await checkTargetContract(target);
    // exFAT has no hard links: the refusal to replace `config` above went the no-link way.
    assert.deepEqual(await readFile(path.join(root, ...name.split('/'))), pack);
    assert.deepEqual((await onMedium(root)).temporaries, []);
  });

  it('refuses names that are not FAT-safe repository names', async () => {
    const target = new RemovableMediaTarget({ root: path.join(medium, 'names') });
    for (const name of ['Config', 'data/AB/x', 'index/a:b', '../escape', 'keys/con', 'locks/lpt1.x', 'a/b/c/d', 'index/x.']) {
      await refused(target.put(name, Buffer.from('x')), 'bad-name');
    }
    assert.deepEqual(await target.list(''), []);
  });

  it('a full medium: backup.targetFull as code full, every earlier file intact, nothing half-written visible', async () => {
    const root = path.join(medium, 'full');
    const target = new RemovableMediaTarget({ root });
    const written = new Map<string, Buffer>();
    let failure: unknown;
    for (let i = 0; i < 64 && failure === undefined; i++) {
      const pack = randomBytes(1024 * 1024);
      try {
        await target.put(packName(pack), pack);
        written.set(packName(pack), pack);
      } catch (error) {
        failure = error;
        assert.equal(await target.exists(packName(pack)), false);
      }
    }
    assert.ok(failure instanceof BackupTargetError && failure.code === 'full', `got ${String(failure)}`);
    assert.ok(written.size >= 2, `only ${written.size} packs fitted`);
    const { files, temporaries } = await onMedium(root);
    assert.deepEqual(files, [...written.keys()].sort());
    assert.deepEqual(temporaries, []);
    for (const [name, pack] of written) assert.deepEqual(await readFile(path.join(root, ...name.split('/'))), pack);
    // Space freed: the same target writes again.
    const [freed = ''] = written.keys();
    await rm(path.join(root, ...freed.split('/')));
    const small = randomBytes(1000);
    await target.put(packName(small), small);
    assert.deepEqual(await target.get(packName(small)), small);
  });

  it('a medium that reads back other bytes than were written (simulated: a reader that flips one byte) fails the put and drops the file', async () => {
    const root = path.join(medium, 'liar');
    const lying = async (file: string) => {
      const bytes = await readFile(file);
      bytes.writeUInt8(bytes.readUInt8(bytes.length >> 1) ^ 0x01, bytes.length >> 1);
      return bytes;
    };
    const target = new RemovableMediaTarget({ root, readBack: lying });
    const pack = randomBytes(4096);
    await refused(target.put(packName(pack), pack), 'read-back-mismatch');
    assert.equal(await target.exists(packName(pack)), false);
    // The same pack in parts (as a backup puts its packs): the flipped byte is in the middle part.
    await refused(target.put(packName(pack), [pack.subarray(0, 1000), pack.subarray(1000, 3000), pack.subarray(3000)]), 'read-back-mismatch');
    assert.equal(await target.exists(packName(pack)), false);
    assert.deepEqual(await onMedium(root), { files: [], temporaries: [] });
    // And an honest medium takes the parts, read back equal to them joined.
    const honest = new RemovableMediaTarget({ root });
    await honest.put(packName(pack), [pack.subarray(0, 1000), Buffer.alloc(0), pack.subarray(1000)]);
    assert.deepEqual(await readFile(path.join(root, ...packName(pack).split('/'))), pack);
  });
});

describe('removable-media target on a tmpfs of 1 MiB (hard links; root)', () => {
  const teardown = teardownAfterSuite();
  it('the hard-link path never replaces a file, and a full tmpfs is code full with nothing left behind', async () => {
    const root = await tmpfsMedium(teardown, 1024);
    const target = new RemovableMediaTarget({ root });
    await target.put('keys/01', Buffer.from('first'));
    await refused(target.put('keys/01', Buffer.from('second')), 'exists');
    assert.equal((await target.get('keys/01')).toString(), 'first');
    const big = randomBytes(2 * 1024 * 1024);
    await refused(target.put(packName(big), big), 'full');
    assert.deepEqual(await onMedium(root), { files: ['keys/01'], temporaries: [] });
  });
});
