import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { backupFolder } from '../../../electron/core/backup/backup-run.js';
import { forgetSnapshots } from '../../../electron/core/backup/forget.js';
import { pruneRepository } from '../../../electron/core/backup/prune.js';
import { checkRepository } from '../../../electron/core/backup/repository-check.js';
import type { Repository } from '../../../electron/core/backup/repository.js';
import { restoreSnapshot } from '../../../electron/core/backup/restore.js';
import { FolderTarget } from '../../../electron/core/backup/targets/folder-target.js';
import type { TokenKeyHolder } from '../../../electron/core/token/token-key-holders.js';
import { describeTree } from '../../support/backup-tree.js';
import { serveTokenOverIpc } from '../../support/backup/token-over-ipc.js';
import { tokenRepository } from '../../support/backup/token-repository.js';
import { teardownAfterSuite } from '../../support/teardown.js';

const ROUNDS = 6;
const runner = path.resolve(import.meta.dirname, '../../support/backup-prune-crash-runner.ts');

describe('kill -9 at random points of a prune (child processes, SoftHSM token through the parent)', () => {
  const teardown = teardownAfterSuite();
  let dir: string;
  let user: TokenKeyHolder;
  let target: FolderTarget;
  let repository: Repository;
  const tree = () => path.join(dir, 'tree');

  before(async () => {
    ({ dir, user, target, repository } = await tokenRepository(teardown, 'airlock-bprune-crash-', (root) => new FolderTarget(root)));
    await mkdir(tree());
  });

  /** New files and one replaced, a backup, then forget all but the last two: the oldest snapshot's data becomes garbage. */
  async function makeGarbage(round: number): Promise<void> {
    for (let i = 0; i < 6; i++) await writeFile(path.join(tree(), `mới-${round}-${i}.bin`), randomBytes(60_000 + Math.floor(Math.random() * 200_000)));
    if (round > 0) await rm(path.join(tree(), `mới-${round - 1}-0.bin`));
    await backupFolder(repository, tree(), user.signer, { packSize: 256 * 1024 });
    await forgetSnapshots(repository, { last: 2 });
  }

  it(`leaves a repository that checks clean (with data) and restores every kept snapshot as it was, over ${ROUNDS} kills; a finished prune then reclaims the space`, async () => {
    await makeGarbage(0);
    let killedMidway = 0;
    const outcomes: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      await makeGarbage(round);
      const expected = new Map<string, Map<string, string>>();
      for (const { id } of await repository.snapshots()) {
        const into = path.join(dir, `r${round}-${id.slice(0, 8)}-before`);
        await restoreSnapshot(repository, id, into);
        expected.set(id, await describeTree(into));
      }
      const plan = await pruneRepository(repository, { repackUnused: 0, dryRun: true });
      const steps = plan.packsRemoved + (await target.list('index/')).length + 2;
      // Killed at one of the first steps (the last ones follow each other within microseconds),
      // at once or a little later: between two steps or in the middle of a write or removal.
      const killAfter = 1 + Math.floor(Math.random() * Math.max(1, steps - 3));
      const delay = round % 2 === 0 ? 0 : Math.random() * 10;

      const child = teardown.process(spawn(process.execPath, ['--import', 'tsx', runner, target.root, Buffer.from(user.certificateDer).toString('base64')], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] }));
      serveTokenOverIpc(child, user);
      const exited = new Promise((resolve) => child.on('exit', resolve));
      let seen = 0;
      let done = false;
      let buffered = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          if (line === 'done') done = true;
          if (line.startsWith('step ') && ++seen === killAfter) {
            if (delay === 0) child.kill('SIGKILL');
            else setTimeout(() => child.kill('SIGKILL'), delay);
          }
        }
      });
      await exited;
      if (!done) killedMidway++;
      outcomes.push(`${seen}/${steps}${done ? ' finished' : ''}`);

      // The child's lock stays behind (its process is gone): stale, so the next exclusive locker removes it.
      const report = await checkRepository(repository, { readData: 'all' });
      assert.deepEqual(report.problems, [], `round ${round}, killed after step ${seen} of about ${steps}`);
      for (const [id, description] of expected) {
        const into = path.join(dir, `r${round}-${id.slice(0, 8)}-after`);
        await restoreSnapshot(repository, id, into);
        assert.deepEqual(await describeTree(into), description, `round ${round}: snapshot ${id} restores as before`);
      }
    }
    assert.ok(killedMidway >= ROUNDS / 2, `most children were killed before they finished (steps seen/expected): ${outcomes.join(', ')}`);

    const before = (await target.list('data/')).reduce((sum, entry) => sum + entry.size, 0);
    const last = await pruneRepository(repository, { repackUnused: 0, packSize: 256 * 1024 });
    const report = await checkRepository(repository, { readData: 'all' });
    assert.deepEqual(report.problems, []);
    assert.deepEqual(report.unindexedPacks, [], 'a finished prune leaves every pack indexed');
    assert.equal(last.bytesAfter, (await target.list('data/')).reduce((sum, entry) => sum + entry.size, 0));
    assert.ok(last.bytesAfter <= before, `${last.bytesAfter} <= ${before}`);
    assert.equal((await pruneRepository(repository, { repackUnused: 0 })).unusedBlobs, 0, 'nothing unused is left');
    assert.deepEqual(await target.list('locks/'), [], 'the killed children\'s stale locks are gone');
  });
});
