// Step 8 ("The signer's chain") has two vectors (revoked, expired); every other reason is checked
// here on certificates issued by the committed test CA (tests/vectors/container/pki-ca/root.key):
// the independent reader (written from docs/container.md) and the app's validator must both give
// the reason the text gives.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createPrivateKey, webcrypto } from 'node:crypto';
import { describe, it } from 'node:test';
import * as x509 from '@peculiar/x509';
import { validateCertificate } from '../../../electron/core/certificates/chain-validator.js';
import { CrlCache, MemoryCrlStore } from '../../../electron/core/certificates/revocation.js';
import { TrustAnchors } from '../../../electron/core/certificates/trust-anchors.js';
import { checkChain } from '../../independent/container-reader/chain.js';
import { ReaderError } from '../../independent/container-reader/errors.js';

const ca = new URL('../../vectors/container/pki-ca/', import.meta.url).pathname;
const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY = 86_400_000;
const now = new Date();
let serial = 0x7000;

interface Authority { certificate: x509.X509Certificate; key: webcrypto.CryptoKey }
interface Options { notBefore?: Date; usage?: x509.KeyUsageFlags | null; ca?: boolean; pathLength?: number; critical?: boolean }

const rootKey = await webcrypto.subtle.importKey('pkcs8', createPrivateKey(readFileSync(`${ca}root.key`)).export({ format: 'der', type: 'pkcs8' }), EC, false, ['sign']);
const root: Authority = { certificate: new x509.X509Certificate(readFileSync(`${ca}root.pem`, 'utf8')), key: rootKey };

async function issue(name: string, issuer: Authority, options: Options = {}): Promise<Authority> {
  const keys = await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']);
  const usage = options.usage === undefined ? x509.KeyUsageFlags.digitalSignature : options.usage;
  const extensions: x509.Extension[] = [
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(issuer.certificate),
  ];
  if (usage !== null) extensions.push(new x509.KeyUsagesExtension(usage, true));
  if (options.ca !== undefined) extensions.push(new x509.BasicConstraintsExtension(options.ca, options.pathLength, true));
  if (options.critical) extensions.push(new x509.Extension('1.3.6.1.4.1.99999.1', true, new Uint8Array([5, 0])));
  serial += 1;
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial.toString(16), subject: `CN=${name}, O=Airlock Vectors, C=VN`, issuer: issuer.certificate.subject,
    notBefore: options.notBefore ?? new Date(now.getTime() - DAY), notAfter: new Date(now.getTime() + 3650 * DAY),
    signingAlgorithm: SIGN, publicKey: keys.publicKey, signingKey: issuer.key, extensions,
  });
  return { certificate, key: keys.privateKey };
}

const CA_USAGE = x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign;

async function crlOf(issuer: Authority, options: { revoked?: x509.X509Certificate[]; nextUpdate?: Date } = {}): Promise<x509.X509Crl> {
  return x509.X509CrlGenerator.create({
    issuer: issuer.certificate.subject, thisUpdate: new Date(now.getTime() - 2 * DAY), nextUpdate: options.nextUpdate ?? new Date(now.getTime() + 30 * DAY),
    entries: (options.revoked ?? []).map((c) => ({ serialNumber: c.serialNumber, revocationDate: new Date(now.getTime() - DAY), reason: x509.X509CrlReason.keyCompromise })),
    signingAlgorithm: SIGN, signingKey: issuer.key,
  });
}

/** Both readers' answers: 'valid' or the reason. */
async function reasons(signer: x509.X509Certificate, hints: x509.X509Certificate[], crls: x509.X509Crl[]): Promise<[string, string]> {
  const der = (c: x509.X509Certificate): Buffer => Buffer.from(c.rawData);
  let independent = 'valid';
  try {
    await checkChain(der(signer), hints.map(der), { roots: [root.certificate], crls }, now);
  } catch (error) {
    if (!(error instanceof ReaderError)) throw error;
    independent = error.detail.reason ?? error.code;
  }
  const cache = new CrlCache(new MemoryCrlStore());
  for (const crl of crls) await cache.import(crl.toString('pem'), [der(root.certificate), ...hints.map(der)]);
  const app = await validateCertificate(der(signer), {
    anchors: TrustAnchors.load([der(root.certificate)]), intermediates: hints.map(der), crls: cache, at: now, purpose: 'signature',
  });
  return [independent, app.status === 'valid' ? 'valid' : app.reason];
}

describe('the signer\'s chain (docs/container.md step 8): the independent reader and the app agree with the text', () => {
  const cases: [string, () => Promise<[string, string]>, string][] = [
    ['a signer issued by the root, CRL fresh', async () => reasons((await issue('good', root)).certificate, [], [await crlOf(root)]), 'valid'],
    ['nonRepudiation alone is signature use', async () => reasons((await issue('nr', root, { usage: x509.KeyUsageFlags.nonRepudiation })).certificate, [], [await crlOf(root)]), 'valid'],
    ['a signer without keyUsage', async () => reasons((await issue('no-usage', root, { usage: null })).certificate, [], [await crlOf(root)]), 'wrongKeyUsage'],
    ['a signer for key encipherment only', async () => reasons((await issue('enc', root, { usage: x509.KeyUsageFlags.keyEncipherment })).certificate, [], [await crlOf(root)]), 'wrongKeyUsage'],
    ['a signer valid only from 2100', async () => reasons((await issue('later', root, { notBefore: new Date('2100-01-01T00:00:00Z') })).certificate, [], [await crlOf(root)]), 'notYetValid'],
    ['a critical extension the text does not list', async () => reasons((await issue('crit', root, { critical: true })).certificate, [], [await crlOf(root)]), 'unsupportedCriticalExtension'],
    ['the root\'s CRL past its nextUpdate', async () => reasons((await issue('stale', root)).certificate, [], [await crlOf(root, { nextUpdate: new Date(now.getTime() - DAY) })]), 'revocationUnknown'],
    ['no CRL at all', async () => reasons((await issue('no-crl', root)).certificate, [], []), 'revocationUnknown'],
    ['revoked on a fresh CRL', async () => {
      const signer = await issue('revoked', root);
      return reasons(signer.certificate, [], [await crlOf(root, { revoked: [signer.certificate] })]);
    }, 'revoked'],
    ['an issuer no root vouches for', async () => {
      const keys = await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']);
      const other = await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: '01', name: 'CN=Other Root', keys, signingAlgorithm: SIGN, extensions: [new x509.BasicConstraintsExtension(true, undefined, true)] });
      return reasons((await issue('stranger', { certificate: other, key: keys.privateKey })).certificate, [other], [await crlOf(root)]);
    }, 'chainUnknownRoot'],
    ['an issuer with the root\'s name but another key', async () => {
      const keys = await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']);
      const impostor = { certificate: root.certificate, key: keys.privateKey };
      return reasons((await issue('forged', impostor)).certificate, [], [await crlOf(root)]);
    }, 'badSignature'],
    ['an intermediate that is not a CA', async () => {
      const middle = await issue('middle', root, { usage: CA_USAGE, ca: false });
      const signer = await issue('under-middle', middle);
      return reasons(signer.certificate, [middle.certificate], [await crlOf(root), await crlOf(middle)]);
    }, 'notCA'],
    ['a CA with pathLenConstraint 0 above another CA', async () => {
      const upper = await issue('upper', root, { usage: CA_USAGE, ca: true, pathLength: 0 });
      const lower = await issue('lower', upper, { usage: CA_USAGE, ca: true });
      const signer = await issue('deep', lower);
      return reasons(signer.certificate, [lower.certificate, upper.certificate], [await crlOf(root), await crlOf(upper), await crlOf(lower)]);
    }, 'pathLengthExceeded'],
    ['a good intermediate without its own CRL', async () => {
      const middle = await issue('middle-ok', root, { usage: CA_USAGE, ca: true });
      return reasons((await issue('under-ok', middle)).certificate, [middle.certificate], [await crlOf(root)]);
    }, 'revocationUnknown'],
    ['a good intermediate with its CRL', async () => {
      const middle = await issue('middle-crl', root, { usage: CA_USAGE, ca: true });
      return reasons((await issue('under-crl', middle)).certificate, [middle.certificate], [await crlOf(root), await crlOf(middle)]);
    }, 'valid'],
  ];
  for (const [name, run, expected] of cases) {
    it(`${name}: ${expected}`, async () => {
      const [independent, app] = await run();
      assert.equal(independent, expected, 'independent reader');
      assert.equal(app, expected, 'the app\'s validator');
    });
  }
});
