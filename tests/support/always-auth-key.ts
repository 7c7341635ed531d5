// A document signing key that asks its PIN for every signature, as a government token's
// non-repudiation key does: an EC P-256 key pair made on the SoftHSM token with
// `pkcs11-tool --always-auth` (CKA_ALWAYS_AUTHENTICATE), and a certificate from the test
// intermediate (keyUsage digitalSignature + nonRepudiation) stored beside it under the same id.
// The certificate is made with `openssl x509 -req -force_pubkey` from the public key read off the
// token: a CSR would have to be signed by the key, and libp11 asks an always-auth key's PIN on a
// terminal. The test intermediate signs it with the same leaf profile as the token's EC key.
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pemToDer } from '../../tools/training-kit/pki/openssl-ca.js';
import { pkcs11Uri, writeCertificateToToken } from './softhsm/token.js';
import type { DistinguishedName, SoftHsmToken } from './softhsm-token.js';

/** After the token's own keys (01 RSA, 02 EC, 03, 10): a session unlocked before keeps its store key. */
export const ALWAYS_AUTH_KEY_ID = 'a1a1';
export const ALWAYS_AUTH_SUBJECT: DistinguishedName = { C: 'VN', O: 'Văn phòng Tỉnh uỷ Thừa Thiên Huế', CN: 'Võ Thị Giang' };

export interface AlwaysAuthKey {
  readonly keyId: string;
  readonly certificatePem: string;
  readonly certificateDer: Buffer;
}

/** `where`: another key id (`00` puts it before the token's own keys) or one of the token's extra tokens (same PINs). */
export async function addAlwaysAuthSigningKey(token: SoftHsmToken, where: { readonly keyId?: string; readonly tokenLabel?: string } = {}): Promise<AlwaysAuthKey> {
  const { keyId = ALWAYS_AUTH_KEY_ID, tokenLabel = token.label } = where;
  const key = { id: keyId, label: 'ky-tung-lan', uri: pkcs11Uri(tokenLabel, keyId, 'private') };
  await token.pkcs11Tool(['--token-label', tokenLabel, '--login', '--pin', token.userPin, '--keypairgen', '--key-type', 'EC:prime256v1', '--id', key.id, '--label', key.label, '--always-auth', '--usage-sign', '--sensitive']);
  const { paths } = token.pki;
  const publicKey = path.join(paths.dir, 'always-auth.pub.der');
  await token.pkcs11Tool(['--token-label', tokenLabel, '--read-object', '--type', 'pubkey', '--id', key.id, '--output-file', publicKey]);
  const out = path.join(paths.dir, 'always-auth-leaf.pem');
  const subject = `/C=${ALWAYS_AUTH_SUBJECT.C}/O=${ALWAYS_AUTH_SUBJECT.O}/CN=${ALWAYS_AUTH_SUBJECT.CN}`;
  await token.openssl(['pkey', '-pubin', '-inform', 'DER', '-in', publicKey, '-out', `${publicKey}.pem`]);
  // The subject comes from a CSR (`req -utf8` keeps the Vietnamese letters, `x509 -subj` does not) made with a throwaway file key that the certificate never names.
  const csr = path.join(paths.dir, 'always-auth.csr');
  await token.openssl(['req', '-new', '-utf8', '-config', paths.config, '-subj', subject, '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', path.join(paths.dir, 'throwaway.key'), '-out', csr]);
  await token.openssl([
    'x509', '-req', '-in', csr, '-force_pubkey', `${publicKey}.pem`, '-CA', paths.intermediateCert, '-CAkey', paths.intermediateKey,
    '-days', '365', '-set_serial', `0x${randomBytes(12).toString('hex')}`, '-sha256', '-extfile', paths.config, '-extensions', 'v3_leaf_ec', '-out', out,
  ]);
  const certificatePem = await readFile(out, 'utf8');
  const certificateDer = pemToDer(certificatePem);
  const derPath = out.replace(/\.pem$/, '.der');
  await writeFile(derPath, certificateDer);
  await writeCertificateToToken(token.pkcs11Tool, { tokenLabel, userPin: token.userPin, key, derPath });
  return { keyId: key.id, certificatePem, certificateDer };
}
