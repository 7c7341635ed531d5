import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { backupFolder } from '../../../electron/core/backup/backup-run.js';
import { checkRepository } from '../../../electron/core/backup/repository-check.js';
import { initRepository, openRepository, type Repository } from '../../../electron/core/backup/repository.js';
import { FolderTarget } from '../../../electron/core/backup/targets/folder-target.js';
import type { TokenKeyHolder } from '../../../electron/core/token/token-key-holders.js';
import { serveTokenOverIpc } from '../../support/backup/token-over-ipc.js';
import { createSoftHsmToken } from '../../support/softhsm-token.js';
import { softwareRecipient } from '../../support/software-recipient.js';
import { teardownAfterSuite } from '../../support/teardown.js';
import { startedTokenCore, unlockedKeyHolders } from '../../support/token-core.js';

const ROUNDS = 5;
const writer = path.resolve(import.meta.dirname, '../../support/backup-crash-writer.ts');

describe('kill -9 at random points of a backup (child processes, SoftHSM token through the parent)', () => {
  const teardown = teardownAfterSuite();
  let dir: string;
  let user: TokenKeyHolder;
  let repository: Repository;

  before(async () => {
    dir = await teardown.tempDir('airlock-brepo-crash-');
    const token = await teardown.fixture(createSoftHsmToken());
    const started = await startedTokenCore(token, path.join(dir, 'data'));
    teardown.defer(() => started.core.stop());
    ({ rsa: user } = await unlockedKeyHolders(started.core, token));
    const target = new FolderTarget(path.join(dir, 'repo'));
    const recovery = await softwareRecipient('rsa', 'Recovery stand-in');
    await initRepository(target, [{ certificateDer: user.certificateDer, role: 'user' }, { certificateDer: recovery.certificateDer, role: 'recovery' }], () => undefined);
    repository = await openRepository(target, user);
    teardown.defer(() => repository.close());
    await mkdir(path.join(dir, 'tree'));
    await writeFile(path.join(dir, 'tree', 'đầu tiên.txt'), 'bản đầu\n');
  });

  it(`leaves a repository that checks clean and keeps every earlier snapshot, over ${ROUNDS} kills; the next backup reuses what a killed one stored`, async () => {
    const first = await backupFolder(repository, path.join(dir, 'tree'), user.signer);
    const promised = new Set([first.snapshot]);
    let packsBeforeKills = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const child = teardown.process(
        spawn(process.execPath, ['--import', 'tsx', writer, path.join(dir, 'repo'), path.join(dir, 'tree'), user.signer.scheme, Buffer.from(user.certificateDer).toString('base64')], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] }),
      );
      serveTokenOverIpc(child, user);
      let packs = 0;
      let buffered = '';
      const exited = new Promise((resolve) => child.on('exit', resolve));
      // Killed after a random number of packs (1–12): inside a backup, between packs and index, or
      // after a snapshot and into the next run. The last round is killed at once after its first new
      // pack, so it surely leaves a pack no index names for the final backup to take up.
      const lastRound = round === ROUNDS - 1;
      const killAfter = lastRound ? 1 : 1 + Math.floor(Math.random() * 12);
      child.stdout?.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          const [what, id] = line.split(' ');
          if (what === 'snapshot' && id !== undefined) promised.add(id);
          if (what === 'pack' && ++packs === killAfter) {
            if (lastRound) child.kill('SIGKILL');
            else setTimeout(() => child.kill('SIGKILL'), Math.random() * 40);
          }
        }
      });
      await exited;
      packsBeforeKills += packs;
      const report = await checkRepository(repository);
      assert.deepEqual(report.problems, [], `round ${round}, killed after ${packs} packs`);
      const listed = new Set((await repository.snapshots()).map((snapshot) => snapshot.id));
      for (const id of promised) assert.ok(listed.has(id), `snapshot ${id} kept (round ${round})`);
    }
    assert.ok(packsBeforeKills >= ROUNDS, 'every child got to write packs');
    // Whether an earlier child took up what the kill before it left depends on where that child was
    // killed in turn; what the last kill left is certain, and the final backup must take all of it up.
    const { indexedPacks } = await repository.loadIndex();
    const left = (await repository.unindexedPacks(indexedPacks)).reduce((sum, pack) => sum + pack.entries.length, 0);
    assert.ok(left > 0, 'the last kill, right after a pack, left blobs no index names');
    const last = await backupFolder(repository, path.join(dir, 'tree'), user.signer);
    assert.equal(last.stats.resumedBlobs, left, 'the blobs a killed backup left are taken up, not stored again');
    assert.deepEqual((await checkRepository(repository)).problems, []);
    assert.deepEqual((await checkRepository(repository)).unindexedPacks, [], 'after a finished backup every pack is indexed');
  });
});
