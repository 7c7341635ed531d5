// The backups.keyHolders / addKeyHolder / removeKeyHolder / rekey channels through the core's IPC
// dispatcher (#16 item 2): a real SoftHSM token and test PKI (pinned root, intermediate, CRLs), a
// signed zone policy with a removable-media target and the organisation's recovery certificate, the
// real sealed settings store and audit log, real files. The zone helper is a STAND-IN
// (tests/support/stand-in-zone-helper.ts); the recovery key a SOFTWARE stand-in, as in backup-service.test.ts.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Core } from '../../../electron/core/core.js';
import { openRepository } from '../../../electron/core/backup/repository.js';
import { FolderTarget } from '../../../electron/core/backup/targets/folder-target.js';
import type { AirlockApi } from '../../../shared/ipc/api.js';
import { startBackupCore, type BackupCore } from '../../support/backup/backup-core.js';
import { usbBackupPolicy } from '../../support/backup/backup-zone-policy.js';
import { pemToDer } from '../../support/softhsm/test-pki.js';
import type { SoftHsmToken } from '../../support/softhsm-token.js';
import type { SoftwareRecipient } from '../../support/software-recipient.js';
import { teardownAfterSuite } from '../../support/teardown.js';
import { tokenKeyPair } from '../../support/token-core.js';

const fingerprintOfPem = (pem: string) => createHash('sha256').update(pemToDer(pem)).digest('hex');

describe('backup key holders through the core: list, add by certificate file (chain-checked), remove, re-key (real token, PKI, store)', () => {
  const teardown = teardownAfterSuite();
  let token: SoftHsmToken;
  let core: Core;
  let api: AirlockApi;
  let dir: string;
  let usbFolder: string;
  let recovery: SoftwareRecipient;
  let ref: BackupCore['ref'];
  const target = { target: 'usb' };

  const auditOf = async (kind: Parameters<AirlockApi['audit']['query']>[0]['kind']) => {
    const found = await api.audit.query({ kind, limit: 50 });
    assert.ok(found.ok, JSON.stringify(found));
    return found.value;
  };
  const codeOf = (reply: { ok: boolean; error?: { code: string } }) => (reply.ok ? 'ok' : reply.error?.code);

  before(async () => {
    let switchTo: BackupCore['switchTo'];
    ({ dir, token, core, api, recovery, ref, switchTo } = await startBackupCore(teardown, { prefix: 'airlock-bkeys-service-', policy: usbBackupPolicy }));
    await switchTo('van-phong');
    usbFolder = path.join(dir, 'usb', 'Airlock backups');
    assert.ok((await api.backups.setTargetFolder({ target: 'usb', folder: usbFolder })).ok);
    assert.ok((await api.backups.init(target)).ok);
    await mkdir(path.join(dir, 'certs'));
  });

  it('lists the token (you) and the policy’s recovery certificate (required); adds a colleague’s certificate only when it chains and is not revoked', async () => {
    const listed = await api.backups.keyHolders(target);
    assert.ok(listed.ok, JSON.stringify(listed));
    assert.equal(listed.value.generation, 1);
    const recoveryFingerprint = createHash('sha256').update(recovery.certificateDer).digest('hex');
    assert.deepEqual(
      listed.value.holders.map((holder) => [holder.role, holder.you, holder.required]).sort(),
      [['recovery', false, true], ['user', true, false]],
    );
    assert.equal(listed.value.holders.find((holder) => holder.role === 'recovery')?.fingerprint, recoveryFingerprint);
    assert.match(listed.value.holders.find((holder) => holder.role === 'recovery')?.subject ?? '', /Khoá khôi phục của cơ quan/);

    const file = async (name: string, text: string | Uint8Array) => {
      const at = path.join(dir, 'certs', name);
      await writeFile(at, text);
      return at;
    };
    const revoked = await api.backups.addKeyHolder({ ...target, certificate: await file('revoked.pem', token.pki.revokedLeafPem) });
    assert.equal(codeOf(revoked), 'backup.holderCertificateInvalid');
    assert.equal(revoked.ok ? undefined : revoked.error.details?.certificateReason, 'revoked');
    const stranger = await api.backups.addKeyHolder({ ...target, certificate: await file('unknown.pem', token.pki.unknownLeafPem) });
    assert.equal(codeOf(stranger), 'backup.holderCertificateInvalid');
    assert.equal(codeOf(await api.backups.addKeyHolder({ ...target, certificate: await file('not-a-certificate.pem', 'Đây không phải chứng thư') })), 'backup.holderCertificateInvalid');
    assert.equal(codeOf(await api.backups.addKeyHolder({ ...target, certificate: await file('ca.pem', token.pki.intermediatePem) })), 'backup.holderCertificateInvalid', 'a CA is never a holder');
    assert.equal(codeOf(await api.backups.addKeyHolder({ ...target, certificate: path.join(dir, 'certs', 'missing.pem') })), 'document.invalidPath');
    assert.equal(codeOf(await api.backups.addKeyHolder({ ...target, certificate: 'certs/relative.pem' })), 'ipc.invalidRequest');
    const unchanged = await api.backups.keyHolders(target);
    assert.equal(unchanged.ok ? unchanged.value.holders.length : undefined, 2, 'nothing was added');

    // A colleague's encryption certificate from the organisation (here the token's EC one), as DER.
    const colleague = fingerprintOfPem(token.pki.ecLeafPem);
    const added = await api.backups.addKeyHolder({ ...target, certificate: await file('colleague.cer', pemToDer(token.pki.ecLeafPem)) });
    assert.ok(added.ok, JSON.stringify(added));
    assert.deepEqual(added.value.holders.find((holder) => holder.fingerprint === colleague)?.role, 'added');
    assert.equal(codeOf(await api.backups.addKeyHolder({ ...target, certificate: path.join(dir, 'certs', 'colleague.cer') })), 'backup.alreadyHolder');

    const refusals = (await auditOf('backup.failed')).filter((event) => event.details.action === 'keyAdd');
    assert.deepEqual(refusals.map((event) => [event.result, event.details.code]).reverse().slice(0, 4), [
      ['refused', 'backup.holderCertificateInvalid'],
      ['refused', 'backup.holderCertificateInvalid'],
      ['refused', 'backup.holderCertificateInvalid'],
      ['refused', 'backup.holderCertificateInvalid'],
    ]);
    const addedEvents = await auditOf('backup.holderAdded');
    assert.deepEqual(addedEvents.map((event) => [event.result, event.details.fingerprint, event.details.role, event.details.target]), [['ok', colleague, 'added', 'usb']]);
  });

  it('removes a holder but never the required recovery certificate nor the last token; a re-key is remembered, so the next opening is not refused', async () => {
    const recoveryFingerprint = createHash('sha256').update(recovery.certificateDer).digest('hex');
    const user = fingerprintOfPem(token.pki.rsaLeafPem);
    const colleague = fingerprintOfPem(token.pki.ecLeafPem);
    assert.equal(codeOf(await api.backups.removeKeyHolder({ ...target, fingerprint: recoveryFingerprint })), 'backup.holderRequired');
    assert.equal(codeOf(await api.backups.removeKeyHolder({ ...target, fingerprint: 'ab'.repeat(32) })), 'backup.holderNotFound');
    assert.equal(codeOf(await api.backups.removeKeyHolder({ ...target, fingerprint: 'AB' })), 'ipc.invalidRequest');
    const removed = await api.backups.removeKeyHolder({ ...target, fingerprint: colleague });
    assert.ok(removed.ok, JSON.stringify(removed));
    assert.deepEqual(removed.value.holders.map((holder) => holder.fingerprint).sort(), [recoveryFingerprint, user].sort());
    assert.equal(codeOf(await api.backups.removeKeyHolder({ ...target, fingerprint: user })), 'backup.lastHolder');

    const rekeyed = await api.backups.rekey(target);
    assert.ok(rekeyed.ok, JSON.stringify(rekeyed));
    assert.equal(rekeyed.value.generation, 2);
    const again = await api.backups.keyHolders(target);
    assert.ok(again.ok, JSON.stringify(again));
    assert.equal(again.value.generation, 2);
    const byRecovery = await openRepository(new FolderTarget(usbFolder), recovery);
    assert.deepEqual(byRecovery.allGenerations.map((keys) => keys.generation), [1, 2]);
    byRecovery.close();

    assert.deepEqual((await auditOf('backup.holderRemoved')).map((event) => [event.details.fingerprint, event.details.role]), [[colleague, 'added']]);
    assert.deepEqual((await auditOf('backup.rekeyed')).map((event) => [event.details.generation, event.details.count, event.details.target]), [[2, 2, 'usb']]);
    const refused = (await auditOf('backup.failed')).filter((event) => event.details.action === 'keyRemove').map((event) => event.details.code);
    assert.deepEqual(refused.sort(), ['backup.holderNotFound', 'backup.holderRequired', 'backup.lastHolder']);
  });

  it('a generation planted without a signed record is refused through the channel with its reason; the officer’s accept takes it, audited', async () => {
    const { rsa } = await tokenKeyPair(core, ref());
    const kept = await openRepository(new FolderTarget(usbFolder), rsa);
    await kept.rekey(() => undefined);
    kept.close();
    const refused = await api.backups.keyHolders(target);
    assert.equal(codeOf(refused), 'backup.keyGenerationChanged');
    assert.deepEqual(refused.ok ? undefined : refused.error.details?.keyGeneration, { generation: 3, reason: 'unsigned' });
    const accepted = await api.backups.acceptKeyGeneration(target);
    assert.ok(accepted.ok, JSON.stringify(accepted));
    assert.equal(accepted.value.generation, 3);
    assert.equal((await api.backups.keyHolders(target)).ok, true);
    const events = await auditOf('backup.keyGenerationAccepted');
    assert.deepEqual(events.map((event) => [event.result, event.details.outcome, event.details.generation, event.details.target]).slice(0, 1), [['ok', 'acceptedByOfficer', 3, 'usb']]);
    assert.ok((await auditOf('backup.failed')).some((event) => event.details.code === 'backup.keyGenerationChanged' && event.details.problem === 'unsigned'));
  });
});
