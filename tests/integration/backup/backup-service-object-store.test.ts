// The backup service to the messaging cluster's JetStream object store (#16), through the core's IPC
// dispatcher: a real SoftHSM token, a signed zone policy whose object-store target only the office
// LAN may use, the real sealed store, a real nats-server (TLS, NKEYs, the official permitted the
// bucket only) reached over the zone's own messaging connection, real files.
// STAND-INs: the zone helper (tests/support/stand-in-zone-helper.ts: the switch is real, the network
// untouched, so the server stays on loopback), the credentials sealed as the hand-over import
// leaves them (messaging-core.test.ts does the same), and the recovery key (software).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { jetstream } from '@nats-io/jetstream';
import { Objm } from '@nats-io/obj';
import type { Core } from '../../../electron/core/core.js';
import { provisionBackupBucket } from '../../../electron/core/backup/targets/object-store-target.js';
import { messagingIdOf } from '../../../electron/core/messaging/messaging-address.js';
import { SealedCredentialsStore } from '../../../electron/core/messaging/sealed-credentials-store.js';
import type { AirlockApi } from '../../../shared/ipc/api.js';
import { startBackupCore, type BackupCore, type BackupFinished } from '../../support/backup/backup-core.js';
import { objectStoreBackupPolicy } from '../../support/backup/backup-zone-policy.js';
import { describeTree } from '../../support/backup-tree.js';
import { createMessagingLab, type MessagingLab } from '../../support/nats/messaging-lab.js';
import { teardownAfterSuite } from '../../support/teardown.js';
import { tokenKeyPair } from '../../support/token-core.js';

const BUCKET = 'airlock-backup-van-phong';
const TARGET = 'cluster';

describe('backup service to the messaging cluster’s object store (real token, store, nats-server)', () => {
  const teardown = teardownAfterSuite();
  let core: Core;
  let api: AirlockApi;
  let nats: MessagingLab;
  let dir: string;
  let source: string;
  let account: string;
  let events: BackupCore['events'];
  let ref: BackupCore['ref'];
  let unlock: BackupCore['unlock'];
  let switchTo: BackupCore['switchTo'];
  let backup: BackupCore;

  const until = async <T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 30_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) assert.fail(`timed out: ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const connected = () =>
    until(async () => {
      const status = await api.messages.status({});
      return status.ok && status.value.connection.kind === 'connected' ? true : undefined;
    }, 'messaging connected');
  const finishedOf = (job: string): Promise<BackupFinished> => backup.finishedOf(job, 300_000);
  const job = (started: Awaited<ReturnType<AirlockApi['backups']['run']>>): Promise<BackupFinished> => backup.job(started, 300_000);
  const runResult = (done: BackupFinished) => {
    assert.ok(done.ok && done.value.kind === 'run', JSON.stringify(done));
    return done.value.result;
  };
  /** What the administrator sees in the bucket: the repository's data files (packs). */
  const packsInBucket = async (): Promise<string[]> => {
    const store = await new Objm(jetstream(await nats.admin())).open(BUCKET);
    return (await store.list()).filter((info) => !info.deleted && info.name.startsWith('data/')).map((info) => info.name);
  };
  /**
   * Starts a run and waits until a pack of the folder's part is in the bucket: the app's stores (a few
   * hundred KiB) are backed up first; once the progress counts the big file's bytes, the stores' part
   * is done, and a pack new since then is the folder's.
   */
  const runUntilFolderPackStored = async (bigFile: number): Promise<string> => {
    const started = await api.backups.run({ target: TARGET });
    assert.ok(started.ok, JSON.stringify(started));
    await until(() => (events.some((event) => event.name === 'backups.progress' && (event.payload as { job: string }).job === started.value.job && (event.payload as { totalBytes: number }).totalBytes >= bigFile) ? true : undefined), 'the folder’s part under way', 120_000);
    const stores = new Set(await packsInBucket());
    await until(async () => ((await packsInBucket()).some((name) => !stores.has(name)) ? true : undefined), 'a pack of the folder stored', 120_000);
    return started.value.job;
  };
  const newestFolderSnapshot = async () => {
    const listed = await api.backups.snapshots({ target: TARGET });
    assert.ok(listed.ok, JSON.stringify(listed));
    const snapshot = listed.value.find((item) => item.paths[0] === source);
    assert.ok(snapshot !== undefined, JSON.stringify(listed.value));
    return snapshot;
  };

  before(async () => {
    backup = await startBackupCore(teardown, {
      prefix: 'airlock-backup-objstore-',
      // Only the office LAN may back up to the cluster; the cipher network (which has messaging too) and the Internet zone may not.
      policy: (recoveryDer) => objectStoreBackupPolicy(recoveryDer, BUCKET),
      core: (folder) => ({ messaging: { retryMs: 250 }, documentFolders: { inbox: path.join(folder, 'Inbox'), exports: path.join(folder, 'Out') } }),
    });
    ({ dir, core, api, events, ref, unlock, switchTo } = backup);
    const { ec } = await tokenKeyPair(core, ref());
    account = messagingIdOf(ec.certificateDer);
    nats = await createMessagingLab(teardown, { users: [{ id: account, devices: ['pc1'], backupBuckets: [BUCKET] }] });
    await provisionBackupBucket(await nats.admin(), BUCKET, { replicas: 1 });

    source = path.join(dir, 'Hồ sơ lưu trữ');
    await mkdir(path.join(source, 'Công văn', 'Tháng 12'), { recursive: true });
    for (let i = 0; i < 40; i++) await writeFile(path.join(source, 'Công văn', `Văn bản ${i}.txt`), `Công văn số ${i}/CV — ${randomBytes(200).toString('hex')}`);
    await writeFile(path.join(source, 'Công văn', 'Tháng 12', 'Báo cáo.txt'), 'Báo cáo tình hình tháng 12.');
    await writeFile(path.join(source, 'rỗng.txt'), '');
    await writeFile(path.join(source, 'ảnh lớn.bin'), randomBytes(3 * 1024 * 1024));
  });

  it('the policy decides: no place in the cipher network (messaging there, the target not allowed), none in the Internet zone; the office LAN lists the cluster in words', async () => {
    await switchTo('co-yeu');
    const cipher = await api.backups.status({});
    assert.ok(cipher.ok);
    assert.deepEqual(cipher.value.targets, []);
    const refused = await api.backups.init({ target: TARGET });
    assert.equal(refused.ok ? undefined : refused.error.code, 'backup.targetNotAllowed');
    await switchTo('internet');
    const internet = await api.backups.init({ target: TARGET });
    assert.equal(internet.ok ? undefined : internet.error.code, 'backup.targetNotAllowed');
    const audited = await api.audit.query({ kind: 'backup.failed', limit: 20 });
    assert.ok(audited.ok);
    assert.deepEqual(audited.value.filter((event) => event.details.code === 'backup.targetNotAllowed').map((event) => [event.result, event.details.zone]).sort(), [['refused', 'co-yeu'], ['refused', 'internet']]);

    await switchTo('van-phong');
    const office = await api.backups.status({});
    assert.ok(office.ok);
    assert.deepEqual(office.value.targets.map((target) => [target.id, target.kind, target.name.vi]), [[TARGET, 'objectStore', 'Máy chủ tin nhắn của cơ quan (lưu nhiều bản)']]);
  });

  it('before the zone’s messaging is connected the run fails with messaging.notConnected: the service opens no connection of its own, the bucket stays empty', async () => {
    assert.ok((await api.backups.setFolders({ folders: [source] })).ok);
    const done = await job(await api.backups.run({ target: TARGET }));
    assert.equal(done.ok ? undefined : done.error.code, 'messaging.notConnected');
    assert.deepEqual(await packsInBucket(), []);
  });

  it('over the zone’s messaging connection: "Back up now" makes the repository in the bucket, restores byte-identical, checks clean with all data, the drill matches', async () => {
    // The officer's hand-over as the import leaves it, sealed in the office LAN's store; a lock and an unlock look again.
    const user = nats.users.get(account);
    assert.ok(user !== undefined);
    const credentials = new SealedCredentialsStore(() => core.services.zones.activeStore(), () => Promise.resolve([account]));
    await credentials.save({ user: account, device: 'pc1', nkey: user.nkey, seed: new Uint8Array(user.seed), servers: nats.urls, rootsPem: nats.pki.rootPem }, new Date());
    assert.ok((await api.session.lock({})).ok);
    await unlock();
    await connected();

    const result = runResult(await job(await api.backups.run({ target: TARGET })));
    // The app's stores and the folder (43 files).
    assert.equal(result.snapshots, 2);
    assert.ok((await packsInBucket()).length > 0, 'the packs are in the cluster’s bucket');
    const status = await api.backups.status({});
    assert.ok(status.ok);
    assert.match(status.value.targets[0]?.repository ?? '', /^[0-9a-f]{32}$/);

    const snapshot = await newestFolderSnapshot();
    assert.deepEqual([snapshot.level, snapshot.restorable, snapshot.files], ['mat', true, 43]);
    const restored = await job(await api.backups.restore({ target: TARGET, snapshot: snapshot.id, destination: path.join(dir, 'restored') }));
    assert.ok(restored.ok && restored.value.kind === 'restore', JSON.stringify(restored));
    assert.deepEqual(await describeTree(restored.value.folder), await describeTree(source));

    const checked = await job(await api.backups.verify({ target: TARGET, data: 'all' }));
    assert.ok(checked.ok && checked.value.kind === 'verify', JSON.stringify(checked));
    assert.deepEqual([checked.value.clean, checked.value.problems], [true, []]);
    const drilled = await job(await api.backups.drill({ target: TARGET, snapshot: snapshot.id }));
    assert.ok(drilled.ok && drilled.value.kind === 'drill', JSON.stringify(drilled));
    assert.equal(drilled.value.differenceCount, 0);
  });

  it('the server killed mid-backup: the run fails with backup.targetUnreachable; with the server back the repository checks clean and the next run reuses the packs already stored', async (t) => {
    const big = randomBytes(40 * 1024 * 1024);
    await writeFile(path.join(source, 'Bản ghi lớn.bin'), big);
    const running = await runUntilFolderPackStored(big.length);
    const [server] = nats.servers;
    assert.ok(server !== undefined);
    const killedAt = performance.now();
    await server.kill();
    const failed = await finishedOf(running);
    t.diagnostic(`the run failed ${Math.round(performance.now() - killedAt)} ms after the kill`);
    assert.equal(failed.ok ? undefined : failed.error.code, 'backup.targetUnreachable');
    const remembered = await api.backups.status({});
    assert.ok(remembered.ok);
    assert.deepEqual([remembered.value.targets[0]?.lastRun?.ok, remembered.value.targets[0]?.lastRun?.code], [false, 'backup.targetUnreachable']);

    await server.start();
    await connected();
    const checked = await job(await api.backups.verify({ target: TARGET, data: 'none' }));
    assert.ok(checked.ok && checked.value.kind === 'verify', JSON.stringify(checked));
    assert.equal(checked.value.clean, true, JSON.stringify(checked.value.problems));
    const next = runResult(await job(await api.backups.run({ target: TARGET })));
    t.diagnostic(`the next run stored ${next.newBytes} new bytes of a ${big.length}-byte file`);
    assert.ok(next.newBytes < big.length, `the packs stored before the kill are reused (${next.newBytes} new bytes)`);
    const snapshot = await newestFolderSnapshot();
    const restored = await job(await api.backups.restore({ target: TARGET, snapshot: snapshot.id, destination: path.join(dir, 'restored-after'), paths: ['Bản ghi lớn.bin'] }));
    assert.ok(restored.ok && restored.value.kind === 'restore', JSON.stringify(restored));
    assert.ok(big.equals(await readFile(path.join(restored.value.folder, 'Bản ghi lớn.bin'))));
  });

  it('leaving the zone mid-backup: the switch locks first, the run is cancelled (its messaging connection then closed); back in the office LAN the repository checks clean and the next run reuses what was stored', async () => {
    const second = randomBytes(40 * 1024 * 1024);
    await writeFile(path.join(source, 'Bản ghi lớn 2.bin'), second);
    const running = await runUntilFolderPackStored(second.length);
    await switchTo('internet');
    const failed = await finishedOf(running);
    assert.equal(failed.ok ? undefined : failed.error.code, 'backup.cancelled');
    const status = await api.backups.status({});
    assert.ok(status.ok);
    assert.deepEqual(status.value.targets, [], 'the Internet zone has no backup place');
    await switchTo('van-phong');
    await connected();
    const checked = await job(await api.backups.verify({ target: TARGET, data: 'none' }));
    assert.ok(checked.ok && checked.value.kind === 'verify', JSON.stringify(checked));
    assert.equal(checked.value.clean, true, JSON.stringify(checked.value.problems));
    const next = runResult(await job(await api.backups.run({ target: TARGET })));
    assert.ok(next.newBytes < second.length, `the packs stored before the switch are reused (${next.newBytes} new bytes)`);
  });
});
