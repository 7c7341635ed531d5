import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { before, describe, it } from 'node:test';
import { repositoryFailure } from '../../../electron/core/backup/backup-format-error.js';
import type { TargetBytes } from '../../../electron/core/backup/backup-target.js';
import { backupFolder } from '../../../electron/core/backup/backup-run.js';
import { forgetSnapshots } from '../../../electron/core/backup/forget.js';
import { buildLock, readLock, STALE_AFTER_MS } from '../../../electron/core/backup/locks.js';
import { pruneRepository } from '../../../electron/core/backup/prune.js';
import { checkRepository } from '../../../electron/core/backup/repository-check.js';
import type { Repository } from '../../../electron/core/backup/repository.js';
import { filePrefix } from '../../../electron/core/backup/sealing.js';
import { listLocks, removeStaleLocks } from '../../../electron/core/backup/stale-locks.js';
import { FolderTarget } from '../../../electron/core/backup/targets/folder-target.js';
import { DomainError } from '../../../electron/core/domain-error.js';
import type { TokenKeyHolder } from '../../../electron/core/token/token-key-holders.js';
import { tokenRepository } from '../../support/backup/token-repository.js';
import { teardownAfterSuite } from '../../support/teardown.js';

/** A real folder whose pack writes take 150 ms each, so a backup lasts long enough to watch its lock. */
class SlowPackFolder extends FolderTarget {
  override async put(name: string, bytes: TargetBytes): Promise<void> {
    if (name.startsWith('data/')) await sleep(150);
    await super.put(name, bytes);
  }
}

describe('locks: refreshed while an operation runs, stale ones found and removed; operations cancelled by their signal (SoftHSM token)', () => {
  const teardown = teardownAfterSuite();
  let dir: string;
  let user: TokenKeyHolder;
  let target: SlowPackFolder;
  let repository: Repository;
  const tree = () => path.join(dir, 'tree');

  before(async () => {
    ({ dir, user, target, repository } = await tokenRepository(teardown, 'airlock-blocks-', (root) => new SlowPackFolder(root)));
    await mkdir(tree());
    for (let i = 0; i < 20; i++) await writeFile(path.join(tree(), `tệp-${i}.bin`), randomBytes(200_000));
  });

  /** Runs a backup while reading `locks/` every 20 ms: the lock files seen, by name, with their times. */
  async function watchedBackup(): Promise<{ names: Set<string>; times: string[]; counts: number[]; maxAgeMs: number }> {
    const names = new Set<string>();
    const times: string[] = [];
    const counts: number[] = [];
    let maxAgeMs = 0;
    let running = true;
    const backup = backupFolder(repository, tree(), user.signer, { packSize: 256 * 1024 }).finally(() => (running = false));
    await sleep(50);
    while (running) {
      const locks = await listLocks(repository);
      if (!running) break;
      counts.push(locks.length);
      const newest = locks.map((entry) => entry.lock?.time ?? '').sort().at(-1) ?? '';
      if (newest !== '') maxAgeMs = Math.max(maxAgeMs, Date.now() - Date.parse(newest));
      for (const entry of locks.filter(({ name }) => !names.has(name)).sort((x, y) => (x.lock?.time ?? '').localeCompare(y.lock?.time ?? ''))) {
        names.add(entry.name);
        times.push(entry.lock?.time ?? '');
      }
      await sleep(20);
    }
    await backup;
    // The lock is removed a few ticks before the backup's promise settles: looks in that gap see none.
    while (counts.at(-1) === 0) counts.pop();
    return { names, times, counts, maxAgeMs };
  }

  it('a long backup rewrites its lock every refresh interval (new file, newer time, the old one removed) and leaves none behind', async () => {
    repository.lockRefreshEveryMs = 60;
    const watched = await watchedBackup();
    assert.ok(watched.names.size >= 4, `the lock was rewritten: ${watched.names.size} names in ${watched.counts.length} looks`);
    assert.deepEqual([...watched.times].sort(), watched.times, 'each new lock is newer');
    assert.ok(watched.counts.every((count) => count === 1 || count === 2), `never none, at most the old and the new: ${watched.counts.join(',')}`);
    assert.ok(watched.maxAgeMs < STALE_AFTER_MS / 100, `the newest lock was never older than ${watched.maxAgeMs} ms`);
    await sleep(300);
    assert.deepEqual(await target.list('locks/'), [], 'released: no lock, and the timer wrote no new one');

    repository.lockRefreshEveryMs = 60 * 60 * 1000;
    for (let i = 0; i < 20; i++) await writeFile(path.join(tree(), `tệp-${i}.bin`), randomBytes(200_000)); // new packs to write, slowly
    const unrefreshed = await watchedBackup();
    assert.equal(unrefreshed.names.size, 1, 'without refreshing one lock stays, ageing');
  });

  it('a lock of a dead process on this host, and any lock older than 30 minutes, are stale and removed; a live lock and one that does not open are kept', async () => {
    const child = spawn('sleep', ['60']);
    const dead = child.pid ?? 0;
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    const keys = repository.current;
    const write = async (name: string, bytes: Buffer) => (await target.put(`locks/${name}`, bytes), `locks/${name}`);
    const deadLock = await write('a'.repeat(32), buildLock(keys, { exclusive: false, hostname: hostname(), pid: dead, time: new Date().toISOString() }));
    const oldLock = await write('b'.repeat(32), buildLock(keys, { exclusive: true, hostname: 'may-tram-khac', pid: 1, time: new Date(Date.now() - STALE_AFTER_MS - 1000).toISOString() }));
    const liveLock = await write('c'.repeat(32), buildLock(keys, { exclusive: false, hostname: 'may-tram-khac', pid: 1, time: new Date().toISOString() }));
    const strange = await write('d'.repeat(32), Buffer.concat([filePrefix('lock', keys.generation), randomBytes(80)]));
    assert.equal(readLock(await target.get(liveLock), liveLock, repository.keysOf).hostname, 'may-tram-khac');

    assert.deepEqual((await listLocks(repository)).map((entry) => [entry.name, entry.stale]), [[deadLock, true], [oldLock, true], [liveLock, false], [strange, false]]);
    assert.deepEqual(await removeStaleLocks(repository), [deadLock, oldLock]);
    await assert.rejects(pruneRepository(repository), /locked: locks\/(c|d)/, 'an exclusive lock waits for the live one and the unreadable one');
    assert.deepEqual((await target.list('locks/')).map((entry) => entry.name).sort(), [liveLock, strange]);
    await assert.rejects(checkRepository(repository), /locked: locks\/d/, 'a lock that does not open counts as exclusive: fail closed');
    await target.remove(liveLock);
    await target.remove(strange);
  });

  it('cancelled by its signal, a prune stops between steps, releases its lock and leaves a repository that checks clean; forget cancelled removes nothing', async () => {
    for (let round = 0; round < 3; round++) {
      await writeFile(path.join(tree(), 'thay đổi.bin'), randomBytes(600_000));
      await backupFolder(repository, tree(), user.signer, { packSize: 256 * 1024 });
    }
    const count = (await repository.snapshots()).length;
    const cancelled = new AbortController();
    cancelled.abort();
    await assert.rejects(forgetSnapshots(repository, { last: 1 }, {}, { signal: cancelled.signal }), (error) => {
      const told = repositoryFailure(error);
      return told instanceof DomainError && told.code === 'backup.cancelled';
    });
    assert.equal((await repository.snapshots()).length, count, 'nothing removed');
    await forgetSnapshots(repository, { last: 1 });

    const controller = new AbortController();
    const steps: string[] = [];
    await assert.rejects(
      pruneRepository(repository, { repackUnused: 0, packSize: 256 * 1024, onStep: (step) => (steps.push(step), step === 'index-written' && controller.abort()) }, { signal: controller.signal }),
      { name: 'BackupCancelledError' },
    );
    assert.ok(steps.includes('index-written') && !steps.includes('pack-removed'), steps.join(' '));
    assert.deepEqual(await target.list('locks/'), []);
    assert.deepEqual((await checkRepository(repository, { readData: 'all' })).problems, []);
    const finished = await pruneRepository(repository, { repackUnused: 0 });
    assert.ok(finished.packsRemoved > 0);
    assert.deepEqual((await checkRepository(repository, { readData: 'all' })).problems, []);
  });
});
