import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ContainerError } from '../../../electron/core/documents/container-error.js';
import { checkValueSpelling, lowSValue } from '../../../electron/core/documents/container-signature.js';
import { pemToDer } from '../../support/softhsm/test-pki.js';

// docs/container.md "Signature values: one spelling each", case by case (DER written by hand here).
const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const integer = (value: bigint): Buffer => {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  const body = Buffer.from(hex, 'hex');
  const content = (body[0] ?? 0) >= 0x80 ? Buffer.concat([Buffer.of(0), body]) : body;
  return Buffer.concat([Buffer.of(0x02, content.length), content]);
};
const sequence = (...items: Buffer[]): Buffer => {
  const content = Buffer.concat(items);
  return Buffer.concat([Buffer.of(0x30, content.length), content]);
};
const problem = (scheme: 'ecdsa-p256-sha256' | 'rsa-pss-sha256', value: Uint8Array, certificate = new Uint8Array()): string => {
  try {
    checkValueSpelling(scheme, certificate, value);
    return 'ok';
  } catch (error) {
    assert.ok(error instanceof ContainerError);
    return error.problem;
  }
};

describe('version 2 signature values: one spelling each', () => {
  it('ECDSA: strict DER with 1 ≤ r, s < n, else signatureBad; s above (n − 1)/2 is signatureHighS', () => {
    const half = (n - 1n) / 2n;
    assert.equal(problem('ecdsa-p256-sha256', sequence(integer(7n), integer(half))), 'ok', 's = (n − 1)/2 is low');
    assert.equal(problem('ecdsa-p256-sha256', sequence(integer(7n), integer(half + 1n))), 'signatureHighS');
    assert.equal(problem('ecdsa-p256-sha256', sequence(integer(7n), integer(n - 1n))), 'signatureHighS');
    assert.equal(problem('ecdsa-p256-sha256', sequence(integer(7n), integer(n))), 'signatureBad', 's = n');
    assert.equal(problem('ecdsa-p256-sha256', sequence(integer(0n), integer(5n))), 'signatureBad', 'r = 0');
    assert.equal(problem('ecdsa-p256-sha256', sequence(integer(5n), integer(0n))), 'signatureBad', 's = 0');
    assert.equal(problem('ecdsa-p256-sha256', sequence(Buffer.of(0x02, 0x02, 0x00, 0x07), integer(5n))), 'signatureBad', 'r with a needless leading zero');
    assert.equal(problem('ecdsa-p256-sha256', Buffer.concat([sequence(integer(7n), integer(5n)), Buffer.of(0)])), 'signatureBad', 'a byte after the SEQUENCE');
  });

  it('the writer turns high S into low S and leaves low S alone', () => {
    const high = sequence(integer(7n), integer(n - 5n));
    assert.deepEqual(Buffer.from(lowSValue('ecdsaSha256', high)), sequence(integer(7n), integer(5n)));
    const low = sequence(integer(7n), integer(5n));
    assert.equal(lowSValue('ecdsaSha256', low), low);
  });

  it('RSA-PSS: exactly as long as the modulus (2048 bits: 256 bytes)', () => {
    const certificate = new Uint8Array(pemToDer(readFileSync(path.resolve(import.meta.dirname, '../../vectors/container/pki-ca/signer-pss.pem'), 'utf8')));
    assert.equal(problem('rsa-pss-sha256', Buffer.alloc(256, 1), certificate), 'ok');
    assert.equal(problem('rsa-pss-sha256', Buffer.alloc(255, 1), certificate), 'signatureBad');
    assert.equal(problem('rsa-pss-sha256', Buffer.alloc(257, 1), certificate), 'signatureBad');
  });
});
