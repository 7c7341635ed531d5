// What every backup target must do (electron/core/backup/backup-target.ts), checked the same way on
// each real target: the removable-media folder, the SFTP server, the JetStream object store.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { BackupTargetError, type BackupTarget, type TargetErrorCode } from '../../../electron/core/backup/backup-target.js';

/** A pack's repository name: `data/<first 2 hex>/<sha-256 hex>`. */
export function packName(bytes: Uint8Array): string {
  const id = createHash('sha256').update(bytes).digest('hex');
  return `data/${id.slice(0, 2)}/${id}`;
}

export async function refused(promise: Promise<unknown>, code: TargetErrorCode): Promise<BackupTargetError> {
  let caught: unknown;
  await assert.rejects(promise, (error) => ((caught = error), error instanceof BackupTargetError && error.code === code), `expected ${code}`);
  return caught as BackupTargetError;
}

/**
 * Stores a pack, `config` and an empty snapshot on an empty target, reads them whole and in part,
 * lists, refuses to replace `config`, removes the snapshot (twice), refuses a name outside the
 * layout. Returns the pack and its name, for the caller's own checks of where it landed.
 */
export async function checkTargetContract(target: BackupTarget, packBytes = 300_000): Promise<{ name: string; pack: Buffer }> {
  const pack = randomBytes(packBytes);
  const name = packName(pack);
  await target.put(name, pack);
  await target.put('config', Buffer.from('config v1'));
  await target.put('snapshots/0a1b', Buffer.alloc(0));
  assert.deepEqual(await target.get(name), pack);
  assert.deepEqual(await target.get('snapshots/0a1b'), Buffer.alloc(0));
  assert.deepEqual(await target.getRange(name, 1000, 77_000), pack.subarray(1000, 78_000));
  await refused(target.getRange(name, pack.length - 10, 11), 'short');
  await refused(target.get('index/00'), 'missing');
  assert.equal(await target.exists(name), true);
  assert.equal(await target.exists('index/00'), false);
  assert.deepEqual(await target.list('data/'), [{ name, size: pack.length }]);
  assert.deepEqual((await target.list('')).map((entry) => entry.name).sort(), ['config', name, 'snapshots/0a1b'].sort());
  await refused(target.put('config', Buffer.from('config v2')), 'exists');
  assert.equal((await target.get('config')).toString(), 'config v1');
  await target.remove('snapshots/0a1b');
  await target.remove('snapshots/0a1b');
  assert.equal(await target.exists('snapshots/0a1b'), false);
  await refused(target.put('../escape', Buffer.from('x')), 'bad-name');
  return { name, pack };
}
