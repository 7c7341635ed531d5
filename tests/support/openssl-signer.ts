// Signers whose key is a FILE, signed by openssl pkeyutl over the digest the token would get: for
// the bad-signer cases (an expired, revoked or unknown certificate) whose keys are not on a token.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TokenSigner as AuditSigner } from '../../electron/core/signing/token-signer.js';
import { pemToDer } from './softhsm/test-pki.js';
import type { ToolOutput } from './softhsm-token.js';

export function opensslSigner(openssl: (args: readonly string[]) => Promise<ToolOutput>, keyPath: string, certificatePem: string, scheme: AuditSigner['scheme'] = 'ecdsaSha256'): AuditSigner {
  return {
    scheme,
    certificateDer: new Uint8Array(pemToDer(certificatePem)),
    sign: async (digest) => {
      const dir = await mkdtemp(path.join(tmpdir(), 'airlock-sign-'));
      try {
        await writeFile(path.join(dir, 'digest'), digest);
        const pss = scheme === 'rsaPssSha256' ? ['-pkeyopt', 'rsa_padding_mode:pss', '-pkeyopt', 'rsa_pss_saltlen:32'] : [];
        await openssl(['pkeyutl', '-sign', '-inkey', keyPath, '-pkeyopt', 'digest:sha256', ...pss, '-in', path.join(dir, 'digest'), '-out', path.join(dir, 'signature')]);
        return new Uint8Array(await readFile(path.join(dir, 'signature')));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
