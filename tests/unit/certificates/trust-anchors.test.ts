import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CertificateError } from '../../../electron/core/certificates/parsed-certificate.js';
import { TrustAnchors } from '../../../electron/core/certificates/trust-anchors.js';
import { testPki } from './test-pki.js';

describe('trust anchors', () => {
  it('loads pinned CAs from configured DER and PEM bundles, and only those', async () => {
    const { root, intermediate, foreignRoot } = await testPki();
    const anchors = TrustAnchors.load([root.pem + intermediate.pem, Buffer.from(root.der)]);
    const fingerprints = anchors.list().map((info) => info.fingerprint);
    assert.equal(fingerprints.length, 2, 'the same root given twice is one anchor');
    assert.ok(anchors.has(fingerprints[0] ?? ''));
    assert.equal(anchors.get(fingerprints[1] ?? '')?.x509.subject, intermediate.cert.subject);
    assert.equal(anchors.certificates.some((anchor) => anchor.x509.subject === foreignRoot.cert.subject), false);
  });

  it('refuses an end-entity certificate as an anchor: a bad pin is a configuration bug', async () => {
    const { rsaLeaf, root } = await testPki();
    assert.throws(
      () => TrustAnchors.load([root.pem, rsaLeaf.pem]),
      (error: unknown) => error instanceof CertificateError && error.code === 'certificate.anchorNotCA',
    );
  });

  it('refuses configuration that is not a certificate', () => {
    assert.throws(
      () => TrustAnchors.load(['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n']),
      (error: unknown) => error instanceof CertificateError && error.code === 'certificate.malformed',
    );
  });
});
