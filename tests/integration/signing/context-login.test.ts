// A signing key with CKA_ALWAYS_AUTHENTICATE (a per-signature PIN, as some government tokens set it)
// on a real SoftHSM token: the token refuses C_Sign without a context-specific login; the token
// process logs in with CKU_CONTEXT_SPECIFIC right after C_SignInit when given the PIN again; a wrong
// one is token.pinIncorrect and no signature. The key is made with pkcs11-tool --always-auth.
import assert from 'node:assert/strict';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Core } from '../../../electron/core/core.js';
import type { TokenService } from '../../../electron/core/token/token-service.js';
import { createSoftHsmToken, type SoftHsmToken } from '../../support/softhsm-token.js';
import { teardownAfterSuite } from '../../support/teardown.js';
import { realTokenLauncher, tokenCore, unlockedKeyHolders } from '../../support/token-core.js';

const KEY_ID = 'a1a1';

describe('a signing key that asks its PIN for every signature (CKA_ALWAYS_AUTHENTICATE, SoftHSM)', () => {
  const teardown = teardownAfterSuite();
  let token: SoftHsmToken;
  let core: Core;
  let tokens: TokenService;
  let publicKeyDer: Buffer;
  const ref = () => ({ serial: token.serial, label: token.label });
  const digest = createHash('sha256').update('Quyết định số 7').digest();

  before(async () => {
    token = await teardown.fixture(createSoftHsmToken());
    await token.pkcs11Tool(['--token-label', token.label, '--login', '--pin', token.userPin, '--keypairgen', '--key-type', 'EC:prime256v1', '--id', KEY_ID, '--label', 'Ký từng lần', '--always-auth', '--usage-sign']);
    const exported = path.join(token.dir, 'always-auth.pub.der');
    await token.pkcs11Tool(['--token-label', token.label, '--read-object', '--type', 'pubkey', '--id', KEY_ID, '--output-file', exported]);
    publicKeyDer = await readFile(exported);
    ({ core } = tokenCore(realTokenLauncher(token.env), [token.modulePath], { anchors: [token.pki.rootPem], intermediates: [token.pki.intermediatePem] }));
    teardown.defer(() => core.stop());
    await core.start();
    await unlockedKeyHolders(core, token);
    tokens = core.services.tokens as TokenService;
  });

  it('the token process says the key asks for its PIN each time', async () => {
    const keys = await tokens.keys(ref());
    const key = keys.find((item) => item.keyId === KEY_ID);
    assert.equal(key?.alwaysAuthenticate, true, JSON.stringify(keys));
    assert.ok(keys.filter((item) => item.keyId !== KEY_ID).every((item) => !item.alwaysAuthenticate));
  });

  it('without the PIN again: refused as token.contextPinRequired, no signature', async () => {
    await assert.rejects(tokens.sign(ref(), KEY_ID, 'ecdsaSha256', digest), (error: Error) => /contextPinRequired/.test(String((error as { failure?: string }).failure ?? error.message)));
  });

  it('with a wrong PIN: pinIncorrect, no signature; with the right one: a signature the public key verifies', async () => {
    await assert.rejects(tokens.sign(ref(), KEY_ID, 'ecdsaSha256', digest, { contextPin: '000000' }), (error: Error) => /pinIncorrect/.test(String((error as { failure?: string }).failure ?? error.message)));
    const signature = await tokens.sign(ref(), KEY_ID, 'ecdsaSha256', digest, { contextPin: token.userPin });
    const key = createPublicKey({ key: publicKeyDer, format: 'der', type: 'spki' });
    // The token signed SHA-256 of the text: ECDSA with SHA-256 over the text, as any verifier checks it.
    assert.ok(verify('sha256', Buffer.from('Quyết định số 7'), { key, dsaEncoding: 'der' }, signature));
    // The ordinary keys are not touched: they sign with the session's login alone.
    // The test token also holds a deliberately extractable key (refused as keyUnsafe), listed in no fixed order.
    const plain = (await tokens.keys(ref())).find((item) => item.keyId !== KEY_ID && item.kind === 'ec' && item.safe);
    assert.ok(plain !== undefined);
    assert.equal((await tokens.sign(ref(), plain.keyId, 'ecdsaSha256', digest)).length > 0, true);
  });
});
