import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { messagingIdOf } from '../../../electron/core/messaging/messaging-address.js';
import { isMessagingId } from '../../../electron/core/messaging/subjects.js';

const PEM = 'tests/vectors/messages/pki/unknown-signer.pem';

test('the messaging id is the first 128 bits of SHA-256 over the SubjectPublicKeyInfo, as openssl computes it', () => {
  const der = new X509Certificate(readFileSync(PEM)).raw;
  const spki = execFileSync('openssl', ['x509', '-in', PEM, '-pubkey', '-noout']);
  const spkiDer = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'DER'], { input: spki });
  const reference = execFileSync('openssl', ['dgst', '-sha256', '-r'], { input: spkiDer }).toString().slice(0, 32);
  const id = messagingIdOf(new Uint8Array(der));
  assert.equal(id, reference);
  assert.ok(isMessagingId(id), 'usable as a subject token and NATS user');
});

test('a certificate that does not parse is refused, not turned into an id', () => {
  assert.throws(() => messagingIdOf(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])));
});
