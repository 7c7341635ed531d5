import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFile, rm } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { nodeFieldCipher } from '../../../electron/core/crypto/field-cipher.js';
import { AuditKeys, GENESIS_HASH } from '../../../electron/core/audit/audit-chain.js';
import { checkpointText } from '../../../electron/core/audit/audit-checkpoint.js';
import { stampEvent, type AuditDetails } from '../../../electron/core/audit/audit-entry.js';
import { fingerprintOf, type TokenSigner as AuditSigner } from '../../../electron/core/signing/token-signer.js';
import { fill, ONE, openTestLog, SAMPLE, type TestLog } from './support.js';
import { softwareSigner } from './software-signer.js';

/**
 * Someone who holds the data key (so the chain key) but not the official's token: they can
 * write entries the chain accepts, but not sign a checkpoint with the official's key.
 */
function appendAsInsider(test: TestLog, details: AuditDetails, certificate?: Uint8Array): number {
  const keys = new AuditKeys(nodeFieldCipher(test.keys.fieldKey), test.keys.chainKey, test.keys.indexKey);
  const last = test.db.prepare('SELECT seq, entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; entry_hash: Buffer };
  const seq = last.seq + 1;
  const event = stampEvent({ kind: 'audit.checkpoint', result: 'ok', details }, test.clock.now());
  const row = { seq, at: event.at, kind_index: keys.kindIndex(event.kind), sealed: keys.seal(event, seq), prev_hash: last.entry_hash };
  const entryHash = keys.entryHash(row);
  if (certificate !== undefined) test.db.prepare('INSERT OR IGNORE INTO audit_certificates VALUES (?, ?)').run(fingerprintOf(certificate), certificate);
  test.db.prepare('INSERT INTO audit_log VALUES (@seq, @at, @kind_index, @sealed, @prev_hash, @entry_hash)').run({ ...row, entry_hash: entryHash });
  test.db.prepare('UPDATE audit_head SET seq = ?, entry_hash = ?, mac = ?').run(seq, entryHash, keys.headMac(seq, entryHash));
  return seq;
}

async function signedDetails(signer: AuditSigner, seq: number, hash: Buffer, claimed: AuditSigner = signer): Promise<AuditDetails> {
  const certificate = fingerprintOf(claimed.certificateDer);
  const signature = await signer.sign(createHash('sha256').update(checkpointText(seq, hash.toString('hex'), certificate)).digest());
  return { seq, hash: hash.toString('hex'), signature: Buffer.from(signature).toString('base64'), scheme: claimed.scheme, certificate };
}

const headOf = (test: TestLog) => test.db.prepare('SELECT seq, entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; entry_hash: Buffer };

describe('audit checkpoints: signed on the token (software RSA-PSS and ECDSA keys here)', () => {
  it('checkpoints signed with RSA-2048 PSS and EC P-256 verify, with the certificate kept in the file', async () => {
    const test = await openTestLog('checkpoints');
    const [rsa, ec] = [await softwareSigner('rsa'), await softwareSigner('ec', 'Trần Thị Đào')];
    fill(test.log, SAMPLE.slice(0, 4));
    const first = await test.log.checkpoint(rsa);
    fill(test.log, SAMPLE.slice(4, 7));
    const second = await test.log.checkpoint(ec);
    assert.equal(first.seq, 5);
    assert.equal(first.details.seq, 4, 'attests the entry before it');
    assert.equal(first.details.scheme, 'rsaPssSha256');
    assert.equal(second.details.scheme, 'ecdsaSha256');
    assert.equal(second.details.certificate, fingerprintOf(ec.certificateDer));
    assert.equal((test.db.prepare('SELECT count(*) AS n FROM audit_certificates').get() as { n: number }).n, 2);
    const reopened = test.reopen();
    const result = await reopened.verify({ trustedSigners: [fingerprintOf(rsa.certificateDer), fingerprintOf(ec.certificateDer)] });
    assert.ok(result.ok);
    assert.equal(result.lastCheckpoint, 9);
    assert.equal(result.sinceCheckpoint, 0);
    assert.equal(reopened.needsCheckpoint({ everyEntries: 1, everyMs: 0 }), false, 'nothing after the last checkpoint');
    test.close();
  });

  it('entries appended while the token is signing land before the checkpoint, which still verifies', async () => {
    const test = await openTestLog('slow-token');
    const signer = await softwareSigner('ec');
    fill(test.log, SAMPLE.slice(0, 2));
    const whileSigning = async (digest: Uint8Array) => {
      test.log.append(ONE);
      return signer.sign(digest);
    };
    const slow: AuditSigner = { ...signer, sign: whileSigning };
    const checkpoint = await test.log.checkpoint(slow);
    assert.deepEqual([checkpoint.seq, checkpoint.details.seq], [4, 2]);
    assert.equal((await test.log.verify()).ok, true);
    test.close();
  });

  it('a token whose signature does not verify with its certificate is refused; nothing is written', async () => {
    const test = await openTestLog('bad-token');
    const [rsa, ec] = [await softwareSigner('rsa'), await softwareSigner('ec')];
    fill(test.log, SAMPLE.slice(0, 2));
    await assert.rejects(test.log.checkpoint({ ...ec, sign: rsa.sign }), /does not verify/);
    await assert.rejects(test.log.checkpoint({ ...ec, scheme: 'rsaPssSha256' }), /RSA verification needs/);
    assert.equal(test.log.query().length, 2);
    test.close();
  });

  it('a checkpoint forged by an insider with the data key but not the token: badCheckpointSignature', async () => {
    const test = await openTestLog('forged');
    const [official, insider] = [await softwareSigner('rsa'), await softwareSigner('rsa', 'Kẻ Gian')];
    fill(test.log, SAMPLE.slice(0, 3));
    await test.log.checkpoint(official);
    fill(test.log, SAMPLE.slice(3, 5));
    const head = headOf(test);
    // The official's certificate named, the insider's key used.
    const forged = appendAsInsider(test, await signedDetails(insider, head.seq, head.entry_hash, official));
    assert.deepEqual(await test.log.verify(), { ok: false, firstBad: forged, problem: 'badCheckpointSignature' });
    test.close();
  });

  it('an insider signing with their own certificate passes only when no trusted signers are given', async () => {
    const test = await openTestLog('own-cert');
    const [official, insider] = [await softwareSigner('ec'), await softwareSigner('ec', 'Kẻ Gian')];
    fill(test.log, SAMPLE.slice(0, 3));
    const head = headOf(test);
    const forged = appendAsInsider(test, await signedDetails(insider, head.seq, head.entry_hash), insider.certificateDer);
    assert.equal((await test.log.verify()).ok, true);
    assert.deepEqual(await test.log.verify({ trustedSigners: [fingerprintOf(official.certificateDer)] }), { ok: false, firstBad: forged, problem: 'badCheckpointSignature' });
    test.close();
  });

  it('a checkpoint attesting a hash that is not in the chain: badCheckpointSignature', async () => {
    const test = await openTestLog('wrong-head');
    const official = await softwareSigner('ec');
    fill(test.log, SAMPLE.slice(0, 3));
    const forged = appendAsInsider(test, await signedDetails(official, 2, GENESIS_HASH), official.certificateDer);
    assert.deepEqual(await test.log.verify(), { ok: false, firstBad: forged, problem: 'badCheckpointSignature' });
    test.close();
  });

  it('the stored certificate replaced by another one under the same fingerprint: badCheckpointSignature', async () => {
    const test = await openTestLog('cert-swap');
    const [official, other] = [await softwareSigner('rsa'), await softwareSigner('rsa', 'Người Khác')];
    fill(test.log, SAMPLE.slice(0, 3));
    const checkpoint = await test.log.checkpoint(official);
    test.raw().prepare('UPDATE audit_certificates SET der = ?').run(Buffer.from(other.certificateDer));
    assert.deepEqual(await test.log.verify(), { ok: false, firstBad: checkpoint.seq, problem: 'badCheckpointSignature' });
    test.close();
  });

  it('a whole-file rollback to an older copy verifies (honest limit); an earlier report catches it', async () => {
    const test = await openTestLog('rollback');
    const official = await softwareSigner('ec');
    fill(test.log, SAMPLE.slice(0, 4));
    await test.log.checkpoint(official);
    const copy = `${test.file}.old`;
    await test.db.backup(copy);
    fill(test.log, SAMPLE.slice(4));
    const report = await test.log.exportReport({ from: '2026-03-02T00:00:00Z', to: '2026-03-03T00:00:00Z' }, official);
    assert.deepEqual(test.log.compareWithReport(report), { ok: true });
    test.db.close();
    await Promise.all(['-wal', '-shm'].map((suffix) => rm(`${test.file}${suffix}`, { force: true })));
    await copyFile(copy, test.file);
    const rolledBack = test.reopen();
    assert.equal((await rolledBack.verify()).ok, true, 'the older file is a consistent log on its own');
    assert.deepEqual(rolledBack.compareWithReport(report), { ok: false, firstBad: 6, problem: 'deleted' });
    test.close();
  });
});
