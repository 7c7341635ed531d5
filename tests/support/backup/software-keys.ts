import { readFileSync } from 'node:fs';
import path from 'node:path';
import { initRepository, openRepository, type Repository } from '../../../electron/core/backup/repository.js';
import { FolderTarget } from '../../../electron/core/backup/targets/folder-target.js';
import { pemToDer } from '../softhsm/test-pki.js';
import { recipientFromPem, type SoftwareRecipient } from '../software-recipient.js';
import { softwareEcSigner } from '../software-signer.js';

// The container vectors' committed SOFTWARE test keys (tests/vectors/container/pki), for backup tests
// and vector generators whose subject is the format or the pipeline, not the token (the integration
// tests of the service use the SoftHSM token). Never for real keys.
export const TEST_PKI = new URL('../../vectors/container/pki/', import.meta.url).pathname;

/** The DER of the committed certificate `name` (recipient-rsa, recipient-ec, signer…). */
export const testCertificateDer = (name: string): Uint8Array => new Uint8Array(pemToDer(readFileSync(path.join(TEST_PKI, `${name}.pem`), 'utf8')));

/** The key holder `name` with its committed private key, in this process. */
export const testHolder = (name: string): SoftwareRecipient => recipientFromPem(testCertificateDer(name), readFileSync(path.join(TEST_PKI, `${name}.key`), 'utf8'));

/** The committed ECDSA P-256 signer of snapshots. */
export const testSigner = softwareEcSigner(path.join(TEST_PKI, 'signer.key'), path.join(TEST_PKI, 'signer.pem'));

/** Makes a repository in `folder` (recipient-rsa the user, recipient-ec the recovery holder) and opens it as the user. */
export async function initTestRepository(folder: string): Promise<Repository> {
  await initRepository(new FolderTarget(folder), [{ certificateDer: testCertificateDer('recipient-rsa'), role: 'user' }, { certificateDer: testCertificateDer('recipient-ec'), role: 'recovery' }], () => undefined);
  return openRepository(new FolderTarget(folder), testHolder('recipient-rsa'));
}
