import assert from 'node:assert/strict';
import { constants, generateKeyPairSync, privateDecrypt, publicEncrypt, randomBytes, sign, verify } from 'node:crypto';
import { describe, it } from 'node:test';
import { oaepSha256Decode } from '../../electron/token-process/oaep-decode.js';
import { ecdsaRawToDer } from '../../electron/token-process/ecdsa-der.js';

describe('software halves of token operations, cross-checked against node:crypto', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rawRsa = (ciphertext: Buffer) => privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, ciphertext);

  it('decodes OAEP-SHA256 exactly as node:crypto encodes it, for every message length', () => {
    for (const length of [0, 1, 16, 32, 100, 190]) {
      const message = randomBytes(length);
      const ciphertext = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, message);
      assert.ok(oaepSha256Decode(rawRsa(ciphertext)).equals(message), `length ${length}`);
    }
  });

  it('refuses, with one undistinguished error, OAEP-SHA1 blocks, PKCS#1 v1.5 blocks, wrong labels and any damage', () => {
    const message = randomBytes(32);
    const sha1 = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, message);
    const v15 = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, message);
    const good = rawRsa(publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, message));
    const cases = [rawRsa(sha1), rawRsa(v15), Buffer.alloc(256), Buffer.alloc(10)];
    for (let i = 0; i < good.length; i += 17) {
      const damaged = Buffer.from(good);
      damaged[i] = (damaged[i] ?? 0) ^ 0x01;
      cases.push(damaged);
    }
    for (const block of cases) assert.throws(() => oaepSha256Decode(block), { message: 'decryption error' });
    assert.throws(() => oaepSha256Decode(good, Buffer.from('other label')), { message: 'decryption error' });
  });

  it('turns raw ECDSA r‖s into DER that node:crypto verifies, including high-bit and leading-zero halves', () => {
    const { publicKey: ecPublic, privateKey: ecPrivate } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    let sawHighBit = false;
    let sawLeadingZero = false;
    // Sign until both edge cases have come up (a zero first byte is 1 in 128 per signature), at
    // least 300 times; the cap only guards against a broken RNG (P(miss) ≈ 1e-17 at 5,000).
    for (let i = 0; i < 5000 && (i < 300 || !(sawHighBit && sawLeadingZero)); i++) {
      const data = randomBytes(20);
      const raw = sign('sha256', data, { key: ecPrivate, dsaEncoding: 'ieee-p1363' });
      sawHighBit ||= ((raw[0] ?? 0) & 0x80) !== 0;
      sawLeadingZero ||= raw[0] === 0 || raw[32] === 0;
      assert.ok(verify('sha256', data, ecPublic, ecdsaRawToDer(raw)));
    }
    assert.ok(sawHighBit && sawLeadingZero, 'both edge cases occurred in the sample');
    assert.throws(() => ecdsaRawToDer(new Uint8Array(63)));
  });
});
