// Signers through openssl pkeyutl over the digest the token would get: a key FILE (the tests'
// bad-signer cases: an expired, revoked or unknown certificate), or a key on a SoftHSM token through
// the pkcs11 engine (the training kit signs the inbox's documents as their senders, on their tokens).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TokenSigner as AuditSigner } from '../../../electron/core/signing/token-signer.js';
import { pemToDer, type EngineKey } from './openssl-ca.js';
import type { ToolOutput } from './run-tool.js';

export function opensslSigner(openssl: (args: readonly string[]) => Promise<ToolOutput>, key: string | EngineKey, certificatePem: string, scheme: AuditSigner['scheme'] = 'ecdsaSha256'): AuditSigner {
  const keyArgs = typeof key === 'string' ? ['-inkey', key] : ['-engine', 'pkcs11', '-keyform', 'engine', '-inkey', key.uri, '-passin', `pass:${key.pin}`];
  return {
    scheme,
    certificateDer: new Uint8Array(pemToDer(certificatePem)),
    sign: async (digest) => {
      const dir = await mkdtemp(path.join(tmpdir(), 'airlock-sign-'));
      try {
        await writeFile(path.join(dir, 'digest'), digest);
        const pss = scheme === 'rsaPssSha256' ? ['-pkeyopt', 'rsa_padding_mode:pss', '-pkeyopt', 'rsa_pss_saltlen:32'] : [];
        await openssl(['pkeyutl', '-sign', ...keyArgs, '-pkeyopt', 'digest:sha256', ...pss, '-in', path.join(dir, 'digest'), '-out', path.join(dir, 'signature')]);
        return new Uint8Array(await readFile(path.join(dir, 'signature')));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
