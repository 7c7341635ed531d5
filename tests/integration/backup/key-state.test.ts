// Issue #16, signed key-state records (docs/backup-repository.md "Key-state records" and "Accepting
// a new generation") on a real SoftHSM token with its test PKI (pinned root, intermediate, CRLs):
// two workstations are two BackupService instances with their own memory (MemoryBackupSettings, as
// the sealed settings store holds it) on one folder target. The user's key is the token's RSA key
// (an official with two workstations uses the same token on both), the colleague the token's EC key.
// The recovery key is a SOFTWARE stand-in with a self-signed certificate (no token can hold it here),
// which is also what "a signer not chaining to the roots" needs.
import assert from 'node:assert/strict';
import { constants, createPrivateKey, sign } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { AuditRecorder } from '../../../electron/core/audit-recorder.js';
import { BackupService } from '../../../electron/core/backup/backup-service.js';
import { BackupKeyHolders } from '../../../electron/core/backup/key-holder-service.js';
import { readKeyStates } from '../../../electron/core/backup/key-state.js';
import { checkRepository } from '../../../electron/core/backup/repository-check.js';
import { initRepository, openRepository, type Repository } from '../../../electron/core/backup/repository.js';
import { MemoryBackupSettings } from '../../../electron/core/backup/sealed-backup-settings.js';
import { FolderTarget } from '../../../electron/core/backup/targets/folder-target.js';
import type { CertificateTrust } from '../../../electron/core/certificates/capability.js';
import { DomainError } from '../../../electron/core/domain-error.js';
import type { TokenSigner } from '../../../electron/core/signing/token-signer.js';
import type { TokenKeyHolder } from '../../../electron/core/token/token-key-holders.js';
import { ZonePolicy } from '../../../electron/core/zones/policy-schema.js';
import { usbBackupPolicy } from '../../support/backup/backup-zone-policy.js';
import { createSoftHsmToken, type SoftHsmToken } from '../../support/softhsm-token.js';
import { softwareRecipient, type SoftwareRecipient } from '../../support/software-recipient.js';
import { sha256Hex } from '../../../electron/core/backup/pack.js';
import { teardownAfterSuite } from '../../support/teardown.js';
import { startedTokenCore, unlockedKeyHolders } from '../../support/token-core.js';

interface Event {
  readonly kind: string;
  readonly result: string;
  readonly details: Readonly<Record<string, unknown>>;
}

describe('signed key-state records: a new key generation accepted by its record, a planted one refused, an officer’s accept (SoftHSM token, test PKI)', () => {
  const teardown = teardownAfterSuite();
  let dir: string;
  let token: SoftHsmToken;
  let user: TokenKeyHolder;
  let colleague: TokenKeyHolder;
  let recovery: SoftwareRecipient;
  let trust: Pick<CertificateTrust, 'anchors' | 'intermediates' | 'crls'>;
  let policy: ZonePolicy;
  let colleagueCertificate: string;
  let places = 0;
  const zones = { livePolicy: () => ({ policy, zone: 'van-phong' }), recoveryCertificate: () => recovery.certificateDer };

  /** One workstation: its own remembered repositories and audit log, the given token keys. */
  const workstation = (folder: string, keys: readonly TokenKeyHolder[]) => {
    const events: Event[] = [];
    const audit: AuditRecorder = { record: (kind, result, details = {}) => void events.push({ kind, result, details }) };
    const settings = new MemoryBackupSettings({ targetFolders: { usb: folder } });
    const service = new BackupService({ zones, keys: () => Promise.resolve(keys), settings, audit, restoredFolderName: () => 'Khôi phục', trust });
    const holders = new BackupKeyHolders({ backups: service, zones, trust });
    const refusal = async () => {
      const error = await holders.list('usb').then(
        () => assert.fail('the key generation was accepted'),
        (caught: unknown) => caught,
      );
      assert.ok(error instanceof DomainError, String(error));
      assert.equal(error.code, 'backup.keyGenerationChanged');
      return error.details?.keyGeneration;
    };
    return { service, holders, events, settings, refusal, remembered: () => settings.read().repositories.usb };
  };
  const freshPlace = () => path.join(dir, `place-${++places}`);
  const openAs = (folder: string, key: TokenKeyHolder | SoftwareRecipient): Promise<Repository> => openRepository(new FolderTarget(folder), key);

  /** Workstation A makes the repository and adds the colleague; workstation B has seen both. */
  const sharedPlace = async () => {
    const folder = freshPlace();
    const a = workstation(folder, [user]);
    const b = workstation(folder, [user]);
    assert.equal((await a.holders.list('usb')).generation, 1);
    await a.holders.add('usb', colleagueCertificate);
    assert.equal((await b.holders.list('usb')).holders.length, 3);
    assert.equal(b.remembered()?.keyState, a.remembered()?.keyState, 'B follows A’s signed addition');
    return { folder, a, b };
  };

  before(async () => {
    dir = await teardown.tempDir('airlock-bkeystate-');
    token = await teardown.fixture(createSoftHsmToken());
    const started = await startedTokenCore(token, path.join(dir, 'data'));
    teardown.defer(() => started.core.stop());
    ({ rsa: user, ec: colleague } = await unlockedKeyHolders(started.core, token));
    trust = { anchors: started.core.services.anchors, intermediates: [token.pki.intermediatePem], crls: started.core.services.crls };
    recovery = await softwareRecipient('rsa', 'Khoá khôi phục của cơ quan');
    policy = ZonePolicy.parse(usbBackupPolicy(recovery.certificateDer));
    colleagueCertificate = path.join(dir, 'colleague.pem');
    await writeFile(colleagueCertificate, token.pki.ecLeafPem);
  });

  it('a re-key on workstation A is accepted by workstation B through A’s signed record, audited with the signer', async () => {
    const { folder, a, b } = await sharedPlace();
    assert.deepEqual(b.events.filter((event) => event.kind === 'backup.keyGenerationAccepted').map((event) => event.details.outcome), ['firstSight']);
    assert.equal((await a.holders.rekey('usb')).generation, 2);
    assert.equal((await b.holders.list('usb')).generation, 2);
    assert.equal(b.remembered()?.generation, 2);
    assert.equal(b.remembered()?.keyState, a.remembered()?.keyState);
    const accepted = b.events.filter((event) => event.kind === 'backup.keyGenerationAccepted').at(-1);
    assert.deepEqual(accepted?.details, { target: 'usb', generation: 2, outcome: 'signedRecord', fingerprint: sha256Hex(Buffer.from(user.certificateDer)), count: 1 });
    // The chain on the target: init (1), the colleague added (1), the re-key (2), each after the one before.
    const records = await readKeyStates(new FolderTarget(folder), a.remembered()?.id ?? '');
    assert.deepEqual(records.map((record) => record.body.generation).sort(), [1, 1, 2]);
    const rekeyRecord = records.find((record) => record.body.generation === 2);
    assert.equal(rekeyRecord?.body.holders.length, 3);
    // The check reads the records: clean, then a flipped byte in one is named.
    const repository = await openAs(folder, user);
    try {
      assert.deepEqual((await checkRepository(repository, { readData: 'none' })).problems, []);
      const file = path.join(folder, 'keystate', rekeyRecord?.id ?? '');
      const bytes = await readFile(file);
      bytes[40] = (bytes[40] as number) ^ 0x01;
      await writeFile(file, bytes);
      assert.deepEqual((await checkRepository(repository, { readData: 'none' })).problems.map((item) => [item.object, item.problem]), [[`keystate/${rekeyRecord?.id ?? ''}`, 'hashMismatch']]);
    } finally {
      repository.close();
    }
  });

  it('a generation planted with a kept K(n) and no record is refused (unsigned); the officer’s accept is audited and then holds', async () => {
    const { folder, b } = await sharedPlace();
    const kept = await openAs(folder, colleague);
    await kept.rekey(() => undefined);
    kept.close();
    assert.deepEqual(await b.refusal(), { generation: 2, reason: 'unsigned' });
    const failed = b.events.filter((event) => event.kind === 'backup.failed').at(-1);
    assert.deepEqual(failed?.details, { target: 'usb', code: 'backup.keyGenerationChanged', generation: 2, problem: 'unsigned' });
    assert.equal(b.remembered()?.generation, 1, 'nothing remembered by a refusal');

    assert.deepEqual(await b.service.acceptKeyGeneration('usb'), { generation: 2 });
    assert.deepEqual(b.events.at(-1), { kind: 'backup.keyGenerationAccepted', result: 'ok', details: { target: 'usb', generation: 2, outcome: 'acceptedByOfficer' } });
    assert.equal((await b.holders.list('usb')).generation, 2);
  });

  it('a generation signed by a holder whose certificate does not chain to the pinned roots is refused (signerNotTrusted), naming the signer', async () => {
    const { folder, b } = await sharedPlace();
    const remembered = b.remembered()?.keyState ?? assert.fail('no record remembered');
    // The recovery holder is a holder, but its certificate is self-signed: its signature vouches for nothing here.
    const key = createPrivateKey(recovery.privateKeyPem);
    const softwareSigner: TokenSigner = {
      scheme: 'rsaPssSha256',
      certificateDer: recovery.certificateDer,
      sign: () => Promise.reject(new Error('software stand-in signs bytes only')),
      signBytes: (signed) => Promise.resolve(new Uint8Array(sign('sha256', signed, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }))),
    };
    const byRecovery = await openAs(folder, recovery);
    await byRecovery.rekey(() => undefined, { signer: softwareSigner, previous: remembered });
    byRecovery.close();
    assert.deepEqual(await b.refusal(), { generation: 2, reason: 'signerNotTrusted', signedBy: 'Khoá khôi phục của cơ quan', signedAt: (await readKeyStates(new FolderTarget(folder), b.remembered()?.id ?? '')).find((record) => record.body.generation === 2)?.body.signedAt });
    assert.equal(b.events.filter((event) => event.kind === 'backup.failed').at(-1)?.details.fingerprint, sha256Hex(Buffer.from(recovery.certificateDer)));
  });

  /** The colleague opens while a holder and keeps the repository (its master key) through A's removal of it, which B sees. */
  const removedColleague = async () => {
    const { folder, a, b } = await sharedPlace();
    const late = workstation(folder, [user]);
    assert.equal((await late.holders.list('usb')).holders.length, 3, 'a third workstation sees the addition, then nothing more');
    const beforeRemoval = a.remembered()?.keyState ?? assert.fail('no record');
    const kept = await openAs(folder, colleague);
    await a.holders.remove('usb', sha256Hex(Buffer.from(colleague.certificateDer)));
    const removal = a.remembered()?.keyState ?? assert.fail('no record');
    assert.notEqual(removal, beforeRemoval);
    assert.equal((await b.holders.list('usb')).holders.length, 2, 'B has seen the removal');
    assert.equal(b.remembered()?.keyState, removal);
    return { kept, b, late, beforeRemoval, removal };
  };

  it('a holder removed after B saw the removal cannot sign B into a new generation with its own valid token (signerNotHolder)', async () => {
    const { kept, b, removal } = await removedColleague();
    await kept.rekey(() => undefined, { signer: colleague.signer, previous: removal });
    kept.close();
    const refused = await b.refusal();
    assert.equal(refused?.reason, 'signerNotHolder');
    assert.equal(refused?.generation, 2);
    assert.match(refused?.signedBy ?? '', /\S/, 'the signer is named from its certificate');
    assert.equal(b.remembered()?.generation, 1);
  });

  it('a fork signed by the removed holder after the record before its removal: refused where the removal was seen (notFollowing), accepted where it was not (the honest limit)', async () => {
    const { kept, b, late, beforeRemoval } = await removedColleague();
    await kept.rekey(() => undefined, { signer: colleague.signer, previous: beforeRemoval });
    kept.close();
    assert.equal((await b.refusal())?.reason, 'notFollowing');
    assert.equal((await late.holders.list('usb')).generation, 2);
    assert.equal(late.events.at(-1)?.details.fingerprint, sha256Hex(Buffer.from(colleague.certificateDer)));
  });

  it('the crash window: a re-key whose record and key files were written but which this workstation never remembered is accepted here by its own record', async () => {
    const folder = freshPlace();
    const a = workstation(folder, [user]);
    await a.holders.list('usb');
    const remembered = a.remembered()?.keyState ?? assert.fail('no record');
    // The re-key as the service makes it, up to the point where the workstation would remember it (then the "crash").
    const repository = await openAs(folder, user);
    await repository.rekey(() => undefined, { signer: user.signer, previous: remembered });
    repository.close();
    assert.equal(a.remembered()?.generation, 1);
    assert.equal((await a.holders.list('usb')).generation, 2);
    assert.equal(a.remembered()?.generation, 2);
    assert.equal(a.events.at(-1)?.details.outcome, 'signedRecord');
  });

  it('a repository made before records: first sight trusts it (audited), a later signed re-key is refused by a workstation that remembered it without a record, until accepted', async () => {
    const folder = freshPlace();
    await initRepository(new FolderTarget(folder), [{ certificateDer: user.certificateDer, role: 'user' }, { certificateDer: recovery.certificateDer, role: 'recovery' }], () => undefined);
    const a = workstation(folder, [user]);
    const b = workstation(folder, [user]);
    await a.holders.list('usb');
    await b.holders.list('usb');
    assert.deepEqual(b.events.at(-1), { kind: 'backup.keyGenerationAccepted', result: 'ok', details: { target: 'usb', generation: 1, outcome: 'firstSight' } });
    assert.equal(b.remembered()?.keyState, undefined);
    await a.holders.rekey('usb'); // the first record, signed, following nothing
    assert.equal(a.remembered()?.generation, 2);
    assert.equal((await b.refusal())?.reason, 'notFollowing');
    await b.service.acceptKeyGeneration('usb');
    assert.equal(b.remembered()?.keyState, a.remembered()?.keyState);
    assert.equal((await b.holders.list('usb')).generation, 2);
    await a.holders.rekey('usb');
    assert.equal((await b.holders.list('usb')).generation, 3, 'from then on the records lead');
  });
});
