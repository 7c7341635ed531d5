// signAndCheck's two ways to a signature (electron/core/signing/token-signer.ts): a token signer
// gets only the SHA-256 of what is signed (its C_Sign path, unchanged); a key held in this process
// (the software test signer) that offers signBytes is given the bytes themselves. Either way the
// signature is checked against the certificate before it is returned.
import assert from 'node:assert/strict';
import { createHash, createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { signAndCheck, signatureValid, type TokenSigner } from '../../../electron/core/signing/token-signer.js';
import { softwareEcSigner } from '../../support/software-signer.js';

const pki = path.resolve(import.meta.dirname, '../../vectors/container/pki');
const software = softwareEcSigner(path.join(pki, 'signer.key'), path.join(pki, 'signer.pem'));
const key = createPrivateKey(readFileSync(path.join(pki, 'signer.key'), 'utf8'));
const signed = new TextEncoder().encode('các thuộc tính được ký');

describe('signAndCheck', () => {
  it('gives a signer without signBytes (the token) the SHA-256 of the bytes, and returns a signature that verifies', async () => {
    const digests: Buffer[] = [];
    const token: TokenSigner = { scheme: software.scheme, certificateDer: software.certificateDer, sign: (digest) => (digests.push(Buffer.from(digest)), software.sign(digest)) };
    const signature = await signAndCheck(token, signed);
    assert.deepEqual(digests, [createHash('sha256').update(signed).digest()]);
    assert.equal(signatureValid('ecdsaSha256', software.certificateDer, signed, signature), true);
  });

  it('gives a signer with signBytes the bytes themselves and never asks it for a digest signature', async () => {
    const given: Buffer[] = [];
    const inProcess: TokenSigner = {
      scheme: 'ecdsaSha256',
      certificateDer: software.certificateDer,
      sign: () => Promise.reject(new Error('the digest path was taken')),
      signBytes: (bytes) => (given.push(Buffer.from(bytes)), Promise.resolve(new Uint8Array(sign('sha256', bytes, key)))),
    };
    const signature = await signAndCheck(inProcess, signed);
    assert.deepEqual(given, [Buffer.from(signed)]);
    assert.equal(signatureValid('ecdsaSha256', software.certificateDer, signed, signature), true);
  });

  it('refuses a signBytes signature over other bytes, as it refuses a wrong token signature', async () => {
    const wrong: TokenSigner = { ...software, signBytes: (bytes) => Promise.resolve(new Uint8Array(sign('sha256', Buffer.concat([bytes, Buffer.from([0])]), key))) };
    await assert.rejects(signAndCheck(wrong, signed), /does not verify/);
  });

  it('the software test signer signs the bytes with node:crypto, and its digest path still agrees', async () => {
    assert.equal(typeof software.signBytes, 'function');
    const viaBytes = await software.signBytes?.(signed);
    const viaDigest = await software.sign(createHash('sha256').update(signed).digest());
    for (const signature of [viaBytes, viaDigest]) assert.equal(signatureValid('ecdsaSha256', software.certificateDer, signed, signature ?? new Uint8Array()), true);
  });
});
