import assert from 'node:assert/strict';
import { constants, generateKeyPairSync, privateDecrypt, publicEncrypt, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import pkcs11js from 'pkcs11js';
import { toTokenError, type TokenOperationError } from '../../electron/token-process/failures.js';
import type { Pkcs11Tokens } from '../../electron/token-process/pkcs11-tokens.js';
import { decrypt } from '../../electron/token-process/token-operations.js';

// A FAKE PKCS#11 module, because the real kind cannot exist here: a token that does OAEP-SHA256
// itself and refuses raw RSA, as many smart cards do (SoftHSM 2.6.1, the only module here, has
// OAEP with SHA-1 only and takes the raw fallback). Its RSA is node:crypto's; its errors are
// pkcs11js's ("CKR_NAME:code"), mapped by the token process's own toTokenError.
function oaepOnlyToken(): { tokens: Pkcs11Tokens; publicKey: ReturnType<typeof generateKeyPairSync>['publicKey']; rawCalls: () => number } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let mechanism = -1;
  let raw = 0;
  const module = {
    C_DecryptInit: (_session: Buffer, chosen: pkcs11js.Mechanism) => {
      if (chosen.mechanism === pkcs11js.CKM_RSA_X_509) {
        raw++;
        throw new Error('CKR_MECHANISM_INVALID:112');
      }
      mechanism = chosen.mechanism;
    },
    C_Decrypt: (_session: Buffer, data: Buffer) => {
      assert.equal(mechanism, pkcs11js.CKM_RSA_PKCS_OAEP);
      try {
        return privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, data);
      } catch {
        throw new Error('CKR_ENCRYPTED_DATA_INVALID:64');
      }
    },
  };
  const tokens = {
    key: () => ({ session: Buffer.alloc(8), handle: Buffer.alloc(8), info: { keyId: '01', label: 'rsa', kind: 'rsa', bits: 2048, safe: true } }),
    run: <T>(_ref: unknown, operation: (module: pkcs11js.PKCS11) => T): T => {
      try {
        return operation(module as unknown as pkcs11js.PKCS11);
      } catch (error) {
        throw toTokenError(error);
      }
    },
  } as unknown as Pkcs11Tokens;
  return { tokens, publicKey, rawCalls: () => raw };
}

describe('RSA-OAEP decrypt in the token process: which way a token decrypts does not depend on the first ciphertext it sees', () => {
  it('a damaged ciphertext first answers decryptFailed and keeps the token on its own OAEP; the next good one decrypts', () => {
    const { tokens, publicKey, rawCalls } = oaepOnlyToken();
    const ref = { serial: 'fake-1', label: 'Fake OAEP token' };
    const fileKey = randomBytes(32);
    const good = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, fileKey);
    const damaged = Buffer.from(good);
    damaged[17] = (damaged[17] ?? 0) ^ 0x01;

    const failure = (() => {
      try {
        decrypt(tokens, ref, '01', 'rsaOaepSha256', damaged);
      } catch (error) {
        return (error as TokenOperationError).failure;
      }
      return 'decrypted';
    })();
    // Before: the data error was taken for a missing mechanism, and raw RSA (refused) answered.
    assert.equal(failure, 'decryptFailed');
    const opened = decrypt(tokens, ref, '01', 'rsaOaepSha256', good);
    assert.deepEqual([Buffer.from(opened.plaintext), opened.path], [fileKey, 'token']);
    assert.equal(rawCalls(), 0, 'never tried raw RSA');
  });
});
