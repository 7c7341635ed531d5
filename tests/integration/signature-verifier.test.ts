import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSignatureVerifier, type SignatureScheme } from '../../electron/core/certificates/index.js';
import type { Core } from '../../electron/core/core.js';
import { createSoftHsmToken, type SoftHsmToken } from '../support/softhsm-token.js';
import { TRUSTED } from '../support/core.js';
import { realTokenLauncher, tokenCore } from '../support/token-core.js';

describe('signature verification (node:crypto) of signatures made on a real SoftHSM2 token', () => {
  let hsm: SoftHsmToken;
  let core: Core;
  const data = Buffer.from('Quyết định số 45/QĐ-UBND, bản ký số');
  before(async () => {
    hsm = await createSoftHsmToken();
    ({ core } = tokenCore(realTokenLauncher(hsm.env), [hsm.modulePath]));
    await core.start();
    await core.dispatcher.dispatch('session.unlock', { token: { serial: hsm.serial, label: hsm.label }, pin: hsm.userPin }, TRUSTED);
  });
  after(async () => {
    core?.stop();
    await hsm?.cleanup();
  });

  const verify = (scheme: SignatureScheme, pem: string, signed: Uint8Array, signature: Uint8Array) => {
    const verifier = createSignatureVerifier(scheme, pem);
    // Fed in pieces, as a streamed document would be.
    for (let offset = 0; offset < signed.length; offset += 7) verifier.update(signed.subarray(offset, offset + 7));
    return verifier.verify(signature);
  };

  it('verifies RSA-PSS and ECDSA signatures from the token service, and refuses tampering', async () => {
    const digest = createHash('sha256').update(data).digest();
    const ref = { serial: hsm.serial, label: hsm.label };
    const tokens = core.services.tokens;
    assert.ok(tokens);
    const pss = await tokens.sign(ref, hsm.keys.rsa.id, 'rsaPssSha256', digest);
    const ecdsa = await tokens.sign(ref, hsm.keys.ec.id, 'ecdsaSha256', digest);
    assert.equal(verify('rsaPssSha256', hsm.pki.rsaLeafPem, data, pss), true);
    assert.equal(verify('ecdsaSha256', hsm.pki.ecLeafPem, data, ecdsa), true);
    const changed = Buffer.from(data);
    changed[0] = (changed[0] ?? 0) ^ 1;
    assert.equal(verify('rsaPssSha256', hsm.pki.rsaLeafPem, changed, pss), false);
    assert.equal(verify('ecdsaSha256', hsm.pki.ecLeafPem, changed, ecdsa), false);
    assert.equal(verify('rsaPkcs1Sha256', hsm.pki.rsaLeafPem, data, pss), false, 'a PSS signature is not a v1.5 one');
    assert.equal(verify('ecdsaSha256', hsm.pki.ecLeafPem, data, new Uint8Array(8)), false, 'garbage is just invalid');
  });

  it('verifies an older PKCS#1 v1.5 signature made by openssl with the token key', async () => {
    const input = path.join(hsm.dir, 'old.txt');
    const output = path.join(hsm.dir, 'old.sig');
    await writeFile(input, data);
    await hsm.openssl(['dgst', '-sha256', '-engine', 'pkcs11', '-keyform', 'engine', '-sign', hsm.keys.rsa.uri, '-passin', `pass:${hsm.userPin}`, '-out', output, input]);
    const signature = await readFile(output);
    assert.equal(verify('rsaPkcs1Sha256', hsm.pki.rsaLeafPem, data, signature), true);
    assert.equal(verify('rsaPssSha256', hsm.pki.rsaLeafPem, data, signature), false);
  });

  it('refuses a scheme that does not match the certificate key', () => {
    assert.throws(() => createSignatureVerifier('ecdsaSha256', hsm.pki.rsaLeafPem), /P-256/);
    assert.throws(() => createSignatureVerifier('rsaPssSha256', hsm.pki.ecLeafPem), /2048/);
  });
});
