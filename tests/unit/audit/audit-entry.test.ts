import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nodeFieldCipher } from '../../../electron/core/crypto/field-cipher.js';
import { AuditKeys } from '../../../electron/core/audit/audit-chain.js';
import { AuditEventError, checkDetails, type AuditKind } from '../../../electron/core/audit/audit-entry.js';
import { canonicalJson } from '../../../electron/core/signing/canonical-json.js';
import { openTestLog } from './support.js';

const refused = (error: unknown) => error instanceof AuditEventError;

describe('audit events: what may be recorded', () => {
  it('refuses detail keys that would hold a PIN, a password or content', () => {
    for (const key of ['pin', 'userPin', 'pin_code', 'PUK', 'password', 'newPassword', 'passphrase', 'plaintext', 'documentPlaintext', 'secretKey', 'privateKey', 'content', 'messageBody', 'text']) {
      assert.throws(() => checkDetails({ [key]: 'x' }), refused, key);
    }
  });

  it('accepts identifiers, counts and flags', () => {
    assert.doesNotThrow(() => checkDetails({ triesLeft: 2, documentId: 'doc-1', spinner: true, fingerprint: 'ab'.repeat(32), keyId: '01' }));
  });

  it('refuses values too big to be an identifier, and non-finite numbers', () => {
    assert.throws(() => checkDetails({ note: 'x'.repeat(1025) }), refused);
    assert.throws(() => checkDetails({ count: Number.NaN }), refused);
    assert.throws(() => checkDetails({ 'bad key': 1 }), refused);
  });

  it('append() refuses a deny-listed key, an unknown kind and the kinds only the log writes', async () => {
    const { log, close } = await openTestLog('entry');
    assert.throws(() => log.append({ kind: 'token.pinWrong', result: 'failed', details: { pin: '123456' } }), refused);
    assert.throws(() => log.append({ kind: 'token.exploded' as AuditKind, result: 'ok' }), refused);
    assert.throws(() => log.append({ kind: 'audit.checkpoint', result: 'ok' }), refused);
    assert.throws(() => log.append({ kind: 'audit.exported', result: 'ok' }), refused);
    assert.equal(log.query().length, 0, 'nothing was written');
    close();
  });

  it('stamps the time itself: a caller cannot backdate an entry', async () => {
    const { log, clock, close } = await openTestLog('stamp');
    clock.set(new Date('2026-04-01T10:00:00.000Z'));
    const record = log.append({ kind: 'session.unlock', result: 'ok', at: '2020-01-01T00:00:00.000Z' } as never);
    assert.equal(record.at, '2026-04-01T10:00:00.000Z');
    close();
  });
});

describe('audit formats: fixed vectors a second implementation can check', () => {
  it('entry hash, head MAC and kind index (cross-checked with Python hmac)', () => {
    const keys = new AuditKeys(nodeFieldCipher(Buffer.alloc(32, 1)), Buffer.alloc(32, 2), Buffer.alloc(32, 3));
    const kindIndex = keys.kindIndex('session.unlock');
    assert.equal(kindIndex.toString('hex'), 'c24d5761d86b4d5da5464fe8713bae37');
    const row = { seq: 1, at: '2026-03-02T08:00:00.000Z', kind_index: kindIndex, sealed: Buffer.from('0102', 'hex'), prev_hash: Buffer.alloc(32) };
    assert.equal(keys.entryHash(row).toString('hex'), '9973fa2a392a4fc1e1a4e5265555c677114bdb6fd3c6bed4b771f4ec92febd73');
    assert.equal(keys.headMac(1, Buffer.alloc(32, 9)).toString('hex'), '70512be418c9b247dc332f9d64c8bcd8f9ac0116cfbd10a24aa3a16d5d5d86df');
  });

  it('canonical JSON sorts keys, drops whitespace and keeps Vietnamese text as is', () => {
    assert.equal(canonicalJson({ b: [1, true, null], a: { d: 'Hà Nội', c: 1.5 } }), '{"a":{"c":1.5,"d":"Hà Nội"},"b":[1,true,null]}');
    assert.throws(() => canonicalJson({ x: Number.POSITIVE_INFINITY }), TypeError);
  });

  it('keys are copied and refused when they could be confused', () => {
    const cipher = nodeFieldCipher(Buffer.alloc(32, 1));
    assert.throws(() => new AuditKeys(cipher, Buffer.alloc(32, 2), Buffer.alloc(32, 2)), /must differ/);
    assert.throws(() => new AuditKeys(cipher, Buffer.alloc(16, 2), Buffer.alloc(32, 3)), /256 bits/);
  });
});
