// `airlock backup … --target <object store> --messaging HANDOVER.alc` (electron/cli/cli-backup.ts,
// cli-backup-messaging.ts): the real command through tsx, the SoftHSM token through the token
// process, a signed policy whose object-store target only the office LAN may use, a real nats-server
// (TLS, NKEYs, the official permitted the bucket only). The hand-over is the cipher officer's
// container made here as `messaging add-user` makes it (encryptContainer to the token's EC
// certificate), signed with a SOFTWARE key of the test PKI (the policy administrator's file key)
// instead of the officer's token.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { before, describe, it } from 'node:test';
import { provisionBackupBucket } from '../../../electron/core/backup/targets/object-store-target.js';
import { encryptContainer } from '../../../electron/core/documents/container-writer.js';
import { CREDENTIALS_MEDIA_TYPE, encodeCredentials } from '../../../electron/core/messaging/credentials-format.js';
import { messagingIdOf } from '../../../electron/core/messaging/messaging-address.js';
import { describeTree } from '../../support/backup-tree.js';
import type { CliFolder } from '../../support/airlock-cli.js';
import { cliPlace } from '../../support/backup/cli-place.js';
import { objectStoreBackupPolicy } from '../../support/backup/backup-zone-policy.js';
import { createMessagingLab, type MessagingLab } from '../../support/nats/messaging-lab.js';
import { pemToDer } from '../../support/softhsm/test-pki.js';
import type { SoftHsmToken } from '../../support/softhsm-token.js';
import { softwareEcSigner } from '../../support/software-signer.js';
import { teardownAfterSuite } from '../../support/teardown.js';

const BUCKET = 'airlock-backup-cli';

describe('airlock backup to the messaging cluster’s object store with the official’s hand-over (real token, signed policy, nats-server)', () => {
  const teardown = teardownAfterSuite();
  let token: SoftHsmToken;
  let cli: CliFolder;
  let nats: MessagingLab;
  let policyPath: string;
  let handOver: string;
  let source: string;
  let known: string;

  // The first run that reaches the place starts the officer's memory (--new-known); the others name it (--known).
  const common = (zone = 'van-phong', memory = '--known') => ['--policy', policyPath, '--zone', zone, '--target', 'cluster', memory, known, ...cli.crlArgs, '--json'];

  before(async () => {
    ({ token, cli, policyPath, known } = await cliPlace(teardown, (recoveryDer) => objectStoreBackupPolicy(recoveryDer, BUCKET)));
    const ecDer = new Uint8Array(await readFile(token.pki.paths.ecLeafCertDer));
    const account = messagingIdOf(ecDer);
    nats = await createMessagingLab(teardown, { users: [{ id: account, devices: ['pc1'], backupBuckets: [BUCKET] }] });
    await provisionBackupBucket(await nats.admin(), BUCKET, { replicas: 1 });
    const user = nats.users.get(account);
    assert.ok(user !== undefined);
    const plaintext = encodeCredentials({ user: account, device: 'pc1', nkey: user.nkey, seed: new Uint8Array(user.seed), servers: nats.urls, rootsPem: nats.pki.rootPem });
    handOver = path.join(cli.dir, 'ban-giao.alc');
    await encryptContainer({
      source: { kind: 'stream', stream: Readable.from([plaintext]) },
      output: handOver,
      label: { level: 'mat', caveats: [], originator: 'Ban Cơ yếu', date: '2026-12-05', declassifyOn: null },
      metadata: { fileName: `messaging-${account}-pc1.json`, mediaType: CREDENTIALS_MEDIA_TYPE },
      recipients: [ecDer],
      signer: softwareEcSigner(token.pki.paths.policyAdminKey, token.pki.paths.policyAdminCert),
      chain: [new Uint8Array(pemToDer(token.pki.intermediatePem))],
    });
    source = path.join(cli.dir, 'Hồ sơ');
    await mkdir(path.join(source, 'Đợt 1'), { recursive: true });
    await writeFile(path.join(source, 'Đợt 1', 'Tờ trình.txt'), 'Tờ trình số 7.');
    await writeFile(path.join(source, 'rỗng.txt'), '');
    await writeFile(path.join(source, 'dữ liệu.bin'), randomBytes(2 * 1024 * 1024));
  });

  it('without a hand-over there is no connection: exit 11, messaging.notConnected', async () => {
    const ran = await cli.run(['backup', 'run', ...common('van-phong', '--new-known'), '--source', source]);
    assert.equal(ran.code, 11, ran.stderr);
    assert.equal(ran.json?.['problem'], 'messaging.notConnected');
    await assert.rejects(stat(known), { code: 'ENOENT' }, 'nothing remembered, no memory made');
  });

  it('with the hand-over: run, list, restore latest byte-identical, check with data — all exit 0', async () => {
    const withHandOver = [...common(), '--messaging', handOver];
    const ran = await cli.run(['backup', 'run', ...common('van-phong', '--new-known'), '--messaging', handOver, '--source', source]);
    assert.equal(ran.code, 0, ran.stderr + JSON.stringify(ran.json));
    assert.deepEqual([ran.json?.['snapshots'], ran.json?.['files']], [1, 3]);
    const listed = await cli.run(['backup', 'list', ...withHandOver]);
    assert.equal(listed.code, 0, listed.stderr);
    const snapshots = listed.json?.['snapshots'] as { level: string; restorable: boolean; paths: string[] }[];
    assert.deepEqual(snapshots.map((snapshot) => [snapshot.level, snapshot.restorable, snapshot.paths]), [['mat', true, [source]]]);
    const restored = await cli.run(['backup', 'restore', ...withHandOver, '--snapshot', 'latest', '--to', path.join(cli.dir, 'restored')]);
    assert.equal(restored.code, 0, restored.stderr);
    assert.deepEqual(await describeTree(String(restored.json?.['folder'])), await describeTree(source));
    const checked = await cli.run(['backup', 'check', ...withHandOver, '--read-data']);
    assert.equal(checked.code, 0, checked.stderr);
    assert.equal(checked.json?.['clean'], true);
  });

  it('a zone the policy does not allow the target: exit 10 (the Internet zone, which has no messaging either; the cipher network, which has)', async () => {
    const internet = await cli.run(['backup', 'list', ...common('internet'), '--messaging', handOver]);
    assert.equal(internet.code, 10, internet.stderr);
    assert.equal(internet.json?.['problem'], 'messaging.zoneWithoutMessaging');
    const cipher = await cli.run(['backup', 'list', ...common('co-yeu'), '--messaging', handOver]);
    assert.equal(cipher.code, 10, cipher.stderr);
    assert.equal(cipher.json?.['problem'], 'backup.targetNotAllowed');
  });
});
