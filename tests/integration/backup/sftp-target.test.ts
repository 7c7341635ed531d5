import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { before, describe, it } from 'node:test';
import { BackupTargetError } from '../../../electron/core/backup/backup-target.js';
import { policyBackupTarget } from '../../../electron/core/backup/targets/policy-target.js';
import { SftpTarget } from '../../../electron/core/backup/targets/sftp-target.js';
import { DomainError } from '../../../electron/core/domain-error.js';
import { ZonePolicy } from '../../../electron/core/zones/policy-schema.js';
import { zonePolicyWith } from '../../support/backup/backup-zone-policy.js';
import { startBackupSshServer, type BackupSshServer } from '../../support/backup/sshd.js';
import { checkTargetContract, packName, refused } from '../../support/backup/target-contract.js';
import { teardownAfterSuite } from '../../support/teardown.js';


async function temporaries(root: string): Promise<string[]> {
  return readdir(path.join(root, 'tmp')).catch(() => []);
}

describe('SFTP target against a real OpenSSH server on loopback (root)', () => {
  const teardown = teardownAfterSuite();
  let server: BackupSshServer;
  const targetFor = (root: string, extra: Partial<ConstructorParameters<typeof SftpTarget>[0]> = {}) => {
    const target = new SftpTarget({ host: '127.0.0.1', port: server.port, username: server.username, privateKey: server.clientKey, hostKeySha256: server.hostKeySha256, root, connectTimeoutMs: 5000, ...extra });
    teardown.defer(() => target.close());
    return target;
  };
  before(async () => {
    server = await startBackupSshServer(teardown);
  });

  it('stores, reads, lists and removes files on the server; never replaces one; leaves no temporary', async () => {
    const root = path.join(server.home, 'round-trip');
    const target = targetFor(root);
    const { name, pack } = await checkTargetContract(target, 700_000);
    // On the server's disk, under its name, byte for byte.
    assert.deepEqual(await readFile(path.join(root, ...name.split('/'))), pack);
    assert.deepEqual(await temporaries(root), []);
  });

  it('a server with another host key than the pinned one: host-key-mismatch, before the client key is offered', async () => {
    const root = path.join(server.home, 'pinned');
    const other = await server.otherKey();
    const before = server.log().length;
    const error = await refused(targetFor(root, { hostKeySha256: other.sha256 }).put('config', Buffer.from('x')), 'host-key-mismatch');
    assert.match(error.message, new RegExp(other.sha256.replace(/[+/]/g, '\\$&')));
    await sleep(100);
    assert.doesNotMatch(server.log().slice(before), /Accepted publickey|Failed publickey/);
    await assert.rejects(stat(root));
    // The right pin on the same server connects.
    await targetFor(root).put('config', Buffer.from('x'));
  });

  it("built from the signed zone policy's entry: the policy's pin connects, another pin in the policy does not, a zone not listed gets no target", async () => {
    const policyWithPin = (hostKeySha256: string) =>
      ZonePolicy.parse(
        zonePolicyWith({ lan: 'mat', internet: 'unclassified' }, [
          { id: 'server', name: { vi: 'Máy chủ sao lưu', en: 'Backup server' }, place: { kind: 'sftp', host: '127.0.0.1', port: server.port, username: server.username, root: path.join(server.home, 'by-policy'), hostKeySha256 }, highestClassification: 'mat', zones: ['lan'] },
        ]),
      );
    const pinned = policyBackupTarget(policyWithPin(server.hostKeySha256), 'lan', 'server', { sftpClientKey: server.clientKey });
    teardown.defer(() => pinned.close());
    await pinned.put('config', Buffer.from('by policy'));
    assert.equal((await readFile(path.join(server.home, 'by-policy', 'config'))).toString(), 'by policy');
    const otherPin = policyBackupTarget(policyWithPin((await server.otherKey()).sha256), 'lan', 'server', { sftpClientKey: server.clientKey });
    teardown.defer(() => otherPin.close());
    await refused(otherPin.exists('config'), 'host-key-mismatch');
    assert.throws(() => policyBackupTarget(policyWithPin(server.hostKeySha256), 'internet', 'server', { sftpClientKey: server.clientKey }), (error) => error instanceof DomainError && error.code === 'backup.targetNotAllowed');
  });

  it('a client key the server does not list: refused', async () => {
    const other = await server.otherKey();
    await refused(targetFor(path.join(server.home, 'stranger'), { privateKey: other.privateKey }).list(''), 'refused');
  });

  it("the server's disk full: full (told apart by the server's free space), the half-written temporary removed, earlier files intact", async () => {
    const root = path.join(server.home, 'full');
    await mkdir(root);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', root]);
    teardown.defer(() => execFileSync('umount', ['--lazy', root]));
    const target = targetFor(root);
    await target.put('config', Buffer.from('small'));
    const pack = randomBytes(2 * 1024 * 1024);
    await refused(target.put(packName(pack), pack), 'full');
    assert.equal(await target.exists(packName(pack)), false);
    assert.deepEqual(await temporaries(root), []);
    assert.equal((await target.get('config')).toString(), 'small');
  });

  it('sshd killed mid-upload: unreachable, no file under its name; the same target reconnects once it is back', async () => {
    const root = path.join(server.home, 'killed');
    const target = targetFor(root);
    await target.put('config', Buffer.from('before'));
    const pack = randomBytes(24 * 1024 * 1024);
    const name = packName(pack);
    const upload = target.put(name, pack);
    const outcome = upload.then(
      () => 'finished',
      (error: unknown) => error,
    );
    // Kill once part of the pack has reached the server's disk.
    for (let waited = 0; waited < 10_000; waited += 2) {
      const parts = await temporaries(root);
      const sizes = await Promise.all(parts.map(async (part) => (await stat(path.join(root, 'tmp', part)).catch(() => undefined))?.size ?? 0));
      if (sizes.some((size) => size > 0)) break;
      await sleep(2);
    }
    await server.kill();
    const result = await outcome;
    assert.ok(result instanceof BackupTargetError && result.code === 'unreachable', `got ${String(result)}`);
    await assert.rejects(stat(path.join(root, ...name.split('/'))));
    const left = await temporaries(root);
    assert.equal(left.length, 1, 'the half-written temporary stays in tmp/, outside every listing');
    assert.ok((await stat(path.join(root, 'tmp', left[0] ?? ''))).size < pack.length);
    // While it is down: unreachable at once.
    await refused(target.exists('config'), 'unreachable');
    await server.start();
    assert.deepEqual((await target.list('')).map((entry) => entry.name), ['config']);
    await target.put(name, pack);
    assert.deepEqual(await target.get(name), pack);
  });
});
