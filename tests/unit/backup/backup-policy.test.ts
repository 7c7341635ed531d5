import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backupTargetsFor, mayBackUp, mayRestore } from '../../../electron/core/backup/backup-policy.js';
import { ZonePolicy } from '../../../electron/core/zones/policy-schema.js';
import { zonePolicyWith } from '../../support/backup/backup-zone-policy.js';

const HOST_KEY = 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU';
const policyWith = (backupTargets: unknown[] | undefined) => zonePolicyWith({ 'co-yeu': 'tuyetMat', lan: 'mat', internet: 'unclassified' }, backupTargets);

const [usb, server, cluster] = [
  { id: 'usb', name: { vi: 'Ổ USB', en: 'USB drive' }, place: { kind: 'removableMedia' }, highestClassification: 'tuyetMat', zones: ['co-yeu', 'lan'] },
  { id: 'server', name: { vi: 'Máy chủ sao lưu', en: 'Backup server' }, place: { kind: 'sftp', host: '10.0.0.5', port: 22, username: 'backup', root: '/srv/backup/airlock', hostKeySha256: HOST_KEY }, highestClassification: 'mat', zones: ['lan'] },
  { id: 'cluster', name: { vi: 'Cụm tin nhắn', en: 'Messaging cluster' }, place: { kind: 'objectStore', bucket: 'airlock-backup-lan' }, highestClassification: 'mat', zones: ['lan', 'internet'] },
] as const;
const targets = [usb, server, cluster];

describe('which zones may back up to which target (zone policy backupTargets)', () => {
  const policy = ZonePolicy.parse(policyWith(targets));

  it('allows exactly the zones a target lists', () => {
    assert.equal(mayBackUp(policy, 'lan', 'server')?.place.kind, 'sftp');
    assert.equal(mayBackUp(policy, 'co-yeu', 'usb')?.id, 'usb');
    assert.equal(mayBackUp(policy, 'co-yeu', 'server'), undefined);
    assert.equal(mayBackUp(policy, 'internet', 'usb'), undefined);
    assert.deepEqual(backupTargetsFor(policy, 'lan').map((target) => target.id), ['usb', 'server', 'cluster']);
    assert.deepEqual(backupTargetsFor(policy, 'co-yeu').map((target) => target.id), ['usb']);
  });

  it('fails closed: unknown zone or target, or a policy without backupTargets', () => {
    assert.equal(mayBackUp(policy, 'nowhere', 'usb'), undefined);
    assert.equal(mayBackUp(policy, 'lan', 'nothing'), undefined);
    const none = ZonePolicy.parse(policyWith(undefined));
    assert.equal(mayBackUp(none, 'lan', 'usb'), undefined);
    assert.deepEqual(backupTargetsFor(none, 'lan'), []);
  });

  it('a target that may not hold a listed zone’s highest level is refused by the schema, and by mayBackUp if it got through', () => {
    const tooHigh = [{ ...server, zones: ['co-yeu'] }];
    const parsed = ZonePolicy.safeParse(policyWith(tooHigh));
    assert.equal(parsed.success, false);
    assert.match(JSON.stringify(parsed.error?.issues), /holds more than the backup target may/);
    // Built around the schema (a policy object made in code): mayBackUp still says no.
    const parsedServer = policy.backupTargets?.find((target) => target.id === 'server');
    assert.ok(parsedServer !== undefined);
    const forced: ZonePolicy = { ...policy, backupTargets: [{ ...parsedServer, zones: ['co-yeu'] }] };
    assert.equal(mayBackUp(forced, 'co-yeu', 'server'), undefined);
  });

  it('refuses targets naming unknown zones, duplicate ids, an unpinned or malformed SFTP host key, a foreign bucket', () => {
    const bad = [
      [{ ...usb, zones: ['mars'] }],
      [usb, usb],
      [{ ...server, place: { ...server.place, hostKeySha256: undefined } }],
      [{ ...server, place: { ...server.place, hostKeySha256: 'MD5:aa:bb' } }],
      [{ ...cluster, place: { kind: 'objectStore', bucket: 'OBJ_inbox' } }],
      [{ ...usb, place: { kind: 'removableMedia', acceptAnyHostKey: true } }],
    ];
    for (const backupTargets of bad) assert.equal(ZonePolicy.safeParse(policyWith(backupTargets)).success, false, JSON.stringify(backupTargets));
  });

  it('a backup restores only in a zone allowed to hold its highest level', () => {
    assert.equal(mayRestore(policy, 'co-yeu', 'toiMat'), true);
    assert.equal(mayRestore(policy, 'lan', 'mat'), true);
    assert.equal(mayRestore(policy, 'lan', 'toiMat'), false);
    assert.equal(mayRestore(policy, 'internet', 'mat'), false);
    assert.equal(mayRestore(policy, 'nowhere', 'unclassified'), false);
  });
});
