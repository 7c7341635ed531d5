import assert from 'node:assert/strict';
import { createHash, hkdfSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { gcm } from '@noble/ciphers/aes.js';
import { CrlCache, MemoryCrlStore } from '../../../electron/core/certificates/revocation.js';
import { TrustAnchors } from '../../../electron/core/certificates/trust-anchors.js';
import { FILE_KEY_INFO } from '../../../electron/core/documents/container-crypto.js';
import { ContainerError } from '../../../electron/core/documents/container-error.js';
import { CHUNK_SIZE, STANZA_SCHEMES, TAG_SIZE } from '../../../electron/core/documents/container-format.js';
import { inspectContainer, openContainer } from '../../../electron/core/documents/container-reader.js';
import { unwrapKeyWith } from '../../../electron/core/crypto/key-wrap.js';
import { sha256Hex } from '../../../electron/core/certificates/parsed-certificate.js';
import { pemToDer } from '../../support/softhsm/test-pki.js';
import { recipientFromPem } from '../../support/software-recipient.js';

const dir = path.resolve(import.meta.dirname, '../../vectors/container');
interface Vector {
  file: string;
  description: string;
  /** A list: a token holding all those keys; tried in every order, since a token fixes none. */
  recipient: string | string[];
  /** `signer`: the signer's common name (pki/'s signer when absent); `reason`: signerInvalid's. */
  expect: { ok: true; sha256: string; bytes: number; fileName: string; signer?: string } | { ok: false; problem: string; chunk?: number; recipient?: string; reason?: string };
}
interface Manifest {
  /** Relative to the vectors folder: the root and CRL the signer's chain is checked against now. */
  trustAnchor: string;
  crl: string;
  vectors: Vector[];
}
const load = (file: string) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Manifest;
const manifest = load('vectors.json');
// Signers of the test CA whose key is committed (pki-ca/, generate-pki-ca.ts); recipients are pki/'s.
const caManifest = load('vectors-pki-ca.json');
// Version 2 (generate-v2.ts): the same CA and recipients.
const v2Manifest = load('vectors-v2.json');
const orders = (names: string | string[]): string[][] => (typeof names === 'string' ? [[names]] : names.length <= 1 ? [names] : names.flatMap((name, index) => orders(names.filter((_, other) => other !== index)).map((rest) => [name, ...rest])));
const recipient = (name: string) => recipientFromPem(new Uint8Array(pemToDer(readFileSync(path.join(dir, 'pki', `${name}.pem`), 'utf8'))), readFileSync(path.join(dir, 'pki', `${name}.key`), 'utf8'));

async function trust(of: Manifest) {
  const crls = new CrlCache(new MemoryCrlStore());
  const root = readFileSync(path.join(dir, of.trustAnchor), 'utf8');
  const imported = await crls.import(readFileSync(path.join(dir, of.crl), 'utf8'), [root]);
  assert.notEqual(imported.status, 'rejected');
  return { anchors: TrustAnchors.load([root]), intermediates: [], crls, now: () => new Date() };
}

describe('container test vectors (tests/vectors/container, committed; docs/container.md)', () => {
  it('has positive and negative vectors', () => {
    assert.ok(manifest.vectors.filter((vector) => vector.expect.ok).length >= 4);
    assert.ok(manifest.vectors.filter((vector) => !vector.expect.ok).length >= 10);
    const stanzaDamage = manifest.vectors.filter((vector) => !vector.expect.ok && vector.expect.problem === 'recipientStanzaDamaged');
    assert.ok(['bad-rsa-stanza.alc', 'bad-ec-stanza.alc'].every((file) => stanzaDamage.some((vector) => vector.file === file)), 'damaged RSA and EC stanzas');
  });

  it('the pki-ca set has a vector for each rule docs/container.md names', () => {
    const files = new Set(caManifest.vectors.map((vector) => vector.file));
    for (const file of ['rsa-pss.alc', 'revoked-signer.alc', 'expired-signer.alc', 'empty-last-chunk.alc', 'extra-certificate.alc', 'high-s.alc', 'low-s.alc']) assert.ok(files.has(file), file);
  });

  it('the version 2 set has a vector for each rule of "Version 2"', () => {
    const outcome = new Map(v2Manifest.vectors.map((vector) => [vector.file, vector.expect.ok ? 'ok' : vector.expect.problem]));
    const expected = {
      'v2-rsa-pss.alc': 'ok',
      'v2-three-chunks.alc': 'ok',
      'v2-empty.alc': 'ok',
      'v2-high-s.alc': 'signatureHighS',
      'v2-appended-certificate.alc': 'signatureBad',
      'v2-changed-certificate.alc': 'signatureBad',
      'v2-swapped-chunks.alc': 'chunkTampered',
      'v2-truncated-chunk-boundary.alc': 'truncated',
      'v2-resealed-swapped.alc': 'signatureBad',
      'v2-resealed-truncated.alc': 'signatureBad',
      'v2-resealed-extended.alc': 'signatureBad',
      'v2-resealed-content.alc': 'signatureBad',
      'v2-empty-last-chunk.alc': 'malformed',
    };
    for (const [file, problem] of Object.entries(expected)) assert.equal(outcome.get(file), problem, file);
  });

  for (const [set, vector] of [...manifest.vectors.map((item) => [manifest, item] as const), ...caManifest.vectors.map((item) => [caManifest, item] as const), ...v2Manifest.vectors.map((item) => [v2Manifest, item] as const)]) {
    for (const names of orders(vector.recipient)) {
      it(`${vector.file}: ${vector.description}${names.length > 1 ? ` (keys ${names.join(', ')})` : ''}`, async () => {
        const outcome = await openContainer({ path: path.join(dir, vector.file), keys: names.map(recipient), trust: await trust(set), sink: { kind: 'memory', maxBytes: 1024 * 1024 } }).then(
          (opened) => opened,
          (error: unknown) => error,
        );
        if (vector.expect.ok) {
          assert.ok(!(outcome instanceof Error), String(outcome));
          const opened = outcome as Awaited<ReturnType<typeof openContainer>>;
          assert.equal(createHash('sha256').update(opened.plaintext ?? Buffer.alloc(0)).digest('hex'), vector.expect.sha256);
          assert.equal(opened.plaintextBytes, vector.expect.bytes);
          assert.equal(opened.metadata.fileName, vector.expect.fileName);
          assert.equal(opened.signer.subject.commonName, vector.expect.signer ?? 'Người ký mẫu');
        } else {
          assert.ok(outcome instanceof ContainerError, `expected ${vector.expect.problem}, got ${String(outcome)}`);
          assert.equal(outcome.problem, vector.expect.problem);
          assert.equal(outcome.detail.chunk, vector.expect.chunk);
          assert.equal(outcome.detail.recipient, vector.expect.recipient);
          // Other codes carry a free-text reason; signerInvalid's is one of docs/container.md step 8's names.
          if (vector.expect.reason !== undefined) assert.equal(outcome.detail.reason, vector.expect.reason);
        }
      });
    }
  }

  it('the STREAM layout is what the spec says: chunks open with @noble/ciphers under iv = u88(i) || last flag', async () => {
    const file = path.join(dir, 'two-chunks.alc');
    const bytes = readFileSync(file);
    const layout = await inspectContainer(file);
    const ec = recipient('recipient-ec');
    const stanza = layout.header.stanzas.find((item) => item.recipient === sha256Hex(ec.certificateDer));
    assert.ok(stanza);
    const fileKey = await unwrapKeyWith({ recipient: stanza.recipient, scheme: STANZA_SCHEMES[stanza.scheme], ephemeral: stanza.ephemeral, wrapped: stanza.wrapped }, ec.certificateDer, ec.operations, FILE_KEY_INFO);
    const nonce = bytes.subarray(layout.header.length, layout.header.length + 16);
    const metaLength = bytes.readUInt32BE(layout.header.length + 16);
    const payloadStart = layout.header.length + 20 + metaLength;
    const key = new Uint8Array(hkdfSync('sha256', fileKey, nonce, Buffer.from('airlock-container/1 payload'), 32));
    const iv = (index: number, last: boolean) => Uint8Array.from([...new Array<number>(10).fill(0), index, last ? 1 : 0]);
    const first = gcm(key, iv(0, false)).decrypt(bytes.subarray(payloadStart, payloadStart + CHUNK_SIZE + TAG_SIZE));
    const second = gcm(key, iv(1, true)).decrypt(bytes.subarray(payloadStart + CHUNK_SIZE + TAG_SIZE, layout.trailerStart));
    const expected = Buffer.from(Array.from({ length: CHUNK_SIZE + 77 }, (_, index) => index % 251));
    assert.deepEqual(Buffer.concat([first, second]), expected);
  });
});
