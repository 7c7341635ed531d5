// What the document-signing suites share: a SoftHSM token with its RSA and EC keys unlocked in a
// real core, the trust a reader has (test root pinned, test CRLs cached), a scratch folder and an
// NSS database trusting the test root for poppler's pdfsig (which exits 0 whatever it finds).
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Core } from '../../electron/core/core.js';
import { CrlCache, MemoryCrlStore } from '../../electron/core/certificates/revocation.js';
import { TrustAnchors } from '../../electron/core/certificates/trust-anchors.js';
import type { SignerTrust } from '../../electron/core/documents/container-reader.js';
import type { SignFileRequest } from '../../electron/core/document-signing/document-signing.js';
import type { TokenKeyHolder } from '../../electron/core/token/token-key-holders.js';
import { createSoftHsmToken, type SoftHsmToken } from './softhsm-token.js';
import { importTestCrls, pemToDer } from './softhsm/test-pki.js';
import type { Teardown } from './teardown.js';
import { textPdf } from './text-pdf.js';
import { realTokenLauncher, tokenCore, unlockedKeyHolders } from './token-core.js';

export const run = promisify(execFile);

export interface SigningFixture {
  readonly token: SoftHsmToken;
  readonly core: Core;
  readonly rsa: TokenKeyHolder;
  readonly ec: TokenKeyHolder;
  readonly trust: SignerTrust;
  readonly dir: string;
  readonly nssDir: string;
  /** A signFile request for this holder (or a bare signer), with the test intermediate as the chain. */
  request(holder: TokenKeyHolder | TokenKeyHolder['signer'], input: string, output?: string): SignFileRequest;
  /** pdfsig's report (times in UTC), checked against the NSS database that trusts the test root. */
  pdfsig(file: string): Promise<string>;
  /** A one-page text PDF in the scratch folder. */
  letter(name: string): Promise<string>;
}

export async function signingFixture(teardown: Teardown): Promise<SigningFixture> {
  const token = await teardown.fixture(createSoftHsmToken());
  const { core } = tokenCore(realTokenLauncher(token.env), [token.modulePath], { anchors: [token.pki.rootPem], intermediates: [token.pki.intermediatePem] });
  teardown.defer(() => core.stop());
  await core.start();
  const { rsa, ec } = await unlockedKeyHolders(core, token);
  const crls = new CrlCache(new MemoryCrlStore());
  await importTestCrls(crls, token.pki);
  const trust: SignerTrust = { anchors: TrustAnchors.load([token.pki.rootPem]), intermediates: [], crls, now: () => new Date() };
  const dir = await mkdtemp(path.join(tmpdir(), 'airlock-signing-'));
  teardown.defer(() => run('rm', ['-rf', dir]));
  const nssDir = path.join(dir, 'nss');
  await run('mkdir', [nssDir]);
  await run('certutil', ['-N', '-d', `sql:${nssDir}`, '--empty-password']);
  await run('certutil', ['-A', '-d', `sql:${nssDir}`, '-n', 'Airlock test root', '-t', 'CT,C,C', '-i', token.pki.paths.rootCert]);
  const chain = (): Uint8Array[] => [new Uint8Array(pemToDer(token.pki.intermediatePem))];
  return {
    token,
    core,
    rsa,
    ec,
    trust,
    dir,
    nssDir,
    request: (holder, input, output) => ({ signer: 'signer' in holder ? holder.signer : holder, chain: chain(), trust, input, ...(output === undefined ? {} : { output }) }),
    pdfsig: async (file) => (await run('pdfsig', ['-nssdir', `sql:${nssDir}`, file], { env: { ...process.env, TZ: 'UTC' } })).stdout,
    letter: async (name) => {
      const file = path.join(dir, name);
      await writeFile(file, textPdf([['Cong van so 12/UBND', 'Ve viec phe duyet ke hoach nam 2027']]));
      return file;
    },
  };
}
