import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { DomainError } from '../../electron/core/domain-error.js';
import { SealedStore } from '../../electron/core/store/sealed-store.js';
import { softwareRecipient } from '../support/software-recipient.js';
import { teardownAfterSuite } from '../support/teardown.js';

describe('a full disk (a real 2 MiB tmpfs; needs root, as CI has)', () => {
  let dir: string;
  const teardown = teardownAfterSuite();
  before(async () => {
    dir = await teardown.tempDir('airlock-full-');
    // A mount that failed (not root) leaves the folder to remove and nothing to unmount.
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir]);
    teardown.defer(() => execFileSync('umount', ['--lazy', dir]));
  });

  it('gives store.diskFull, keeps everything committed, and the store stays usable', async () => {
    const user = await softwareRecipient('rsa');
    // Another file on the same disk: removing it later is the user freeing space.
    const ballast = path.join(dir, 'other-files.bin');
    await writeFile(ballast, Buffer.alloc(512 * 1024));
    const store = SealedStore.create(path.join(dir, 'full.db'), [{ certificateDer: user.certificateDer, role: 'user' }]);
    try {
    const committed: number[] = [];
    let failure: unknown;
    for (let i = 0; i < 10_000 && failure === undefined; i++) {
      try {
        committed.push(store.transaction(() => store.put('fill', { i, pad: 'x'.repeat(4000) })));
      } catch (error) {
        failure = error;
      }
    }
    assert.ok(failure instanceof DomainError && failure.code === 'store.diskFull', `got ${String(failure)}`);
    assert.ok(committed.length > 50);
    // Nothing lost, and reads still work while the disk is full.
    assert.equal((store.get(committed.at(-1) ?? 0)?.value as { i: number }).i, committed.length - 1);
    assert.equal(store.list('fill').length, committed.length);
    // Once space is freed, the same open store writes again.
    await rm(ballast);
    const later = store.put('fill', { small: true });
    assert.deepEqual(store.get(later)?.value, { small: true });
    const check = store.verify();
    assert.equal(check.integrity, 'ok');
    assert.deepEqual(check.unreadable, []);
    } finally {
      store.close();
    }
  });
  it('a put outside a transaction that fails on the full disk leaves its id to the next put, in this unlock and after a reopen', async () => {
    const disk = await teardown.tempDir('airlock-full-ids-');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', disk]);
    teardown.defer(() => execFileSync('umount', ['--lazy', disk]));
    const user = await softwareRecipient('ec');
    const ballast = path.join(disk, 'other-files.bin');
    await writeFile(ballast, Buffer.alloc(512 * 1024));
    const file = path.join(disk, 'ids.db');
    const store = SealedStore.create(file, [{ certificateDer: user.certificateDer, role: 'user' }]);
    let last = 0;
    try {
      let failure: unknown;
      // Each put its own commit: the path where the store keeps the next id in memory.
      for (let i = 0; i < 10_000 && failure === undefined; i++) {
        try {
          last = store.put('fill', { i, pad: 'x'.repeat(4000) });
        } catch (error) {
          failure = error;
        }
      }
      assert.ok(failure instanceof DomainError && failure.code === 'store.diskFull', `got ${String(failure)}`);
      assert.ok(last > 50);
      assert.throws(() => store.put('fill', { again: true }), (error: unknown) => error instanceof DomainError && error.code === 'store.diskFull');
      await rm(ballast);
      assert.equal(store.put('fill', { after: 'space freed' }), last + 1);
      assert.deepEqual(store.get(last + 1)?.value, { after: 'space freed' });
      assert.deepEqual(store.verify().unreadable, []);
    } finally {
      store.close();
    }
    const reopened = SealedStore.open(file);
    try {
      await reopened.unlock(user.certificateDer, user.operations);
      assert.equal(reopened.put('fill', { after: 'reopen' }), last + 2);
      assert.equal(reopened.list('fill').length, last + 2);
    } finally {
      reopened.close();
    }
  });
});
