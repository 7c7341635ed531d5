// Writes the version 2 container vectors (docs/container.md "Version 2", "Vectors"): files the
// writer makes as it is, and files changed the ways the text says version 2 refuses — by anyone
// (swapped, cut), by a co-recipient who holds the file key and re-seals chunks with valid tags
// (only the signature can catch those), and by the signer itself (an empty last chunk, signed).
// Signers are the committed test CA's (pki-ca/); recipients are pki/'s. Run by hand:
//   node --import tsx tests/vectors/container/generate-v2.ts
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { p256 } from '@noble/curves/nist.js';
import { encryptContainer } from '../../../electron/core/documents/container-writer.js';
import { inspectContainer } from '../../../electron/core/documents/container-reader.js';
import { CHUNK_SIZE, STANZA_SCHEMES, TAG_SIZE, type ContainerLabel } from '../../../electron/core/documents/container-format.js';
import { chunkLeaf, deriveKey, FILE_KEY_INFO, openChunk, sealChunk } from '../../../electron/core/documents/container-crypto.js';
import { V2_SCHEMES, certificatesDigest, lowSValue, signatureInputV2 } from '../../../electron/core/documents/container-signature.js';
import { unwrapKeyWith } from '../../../electron/core/crypto/key-wrap.js';
import { canonicalJson } from '../../../electron/core/signing/canonical-json.js';
import { signAndCheck, type TokenSigner } from '../../../electron/core/signing/token-signer.js';
import { sha256Hex } from '../../../electron/core/certificates/parsed-certificate.js';
import { opensslSigner } from '../../support/openssl-signer.js';
import { pemToDer } from '../../support/softhsm/test-pki.js';
import { recipientFromPem } from '../../support/software-recipient.js';

const dir = import.meta.dirname;
const ca = path.join(dir, 'pki-ca');
const openssl = (args: readonly string[]) => Promise.resolve({ stdout: execFileSync('openssl', args, { cwd: ca, encoding: 'utf8' }), stderr: '' });
const LABEL: ContainerLabel = { level: 'toiMat', caveats: ['Chỉ đọc'], originator: 'Văn phòng Tỉnh uỷ', date: '2026-12-05', declassifyOn: null };
const N = p256.Point.CURVE().n;
const SEALED = CHUNK_SIZE + TAG_SIZE;
type Expect = { ok: true; sha256: string; bytes: number; fileName: string; signer: string } | { ok: false; problem: string; chunk?: number };
interface Vector {
  readonly file: string;
  readonly description: string;
  readonly recipient: string;
  readonly expect: Expect;
}

/** A version 2 file taken apart as the text lays it out. */
interface Parts {
  readonly prefix: Buffer;
  readonly chunks: Buffer[];
  readonly trailer: { certificates: string[]; scheme: string; signature: string };
}
function parts(bytes: Buffer, payloadStart: number, trailerStart: number): Parts {
  const chunks: Buffer[] = [];
  for (let at = payloadStart; at < trailerStart; at += SEALED) chunks.push(bytes.subarray(at, Math.min(at + SEALED, trailerStart)));
  return { prefix: bytes.subarray(0, payloadStart), chunks, trailer: JSON.parse(bytes.subarray(trailerStart, bytes.length - 12).toString('utf8')) as Parts['trailer'] };
}
function assemble(prefix: Buffer, chunks: readonly Buffer[], trailer: Parts['trailer'], magic = 'AIRSIG02'): Buffer {
  const json = Buffer.from(canonicalJson(trailer));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  return Buffer.concat([prefix, ...chunks, json, length, Buffer.from(magic)]);
}
/** The signer signs prefix || chunks with `certificates` in the trailer, as the writer does (low S). */
async function signV2(prefix: Buffer, chunks: readonly Buffer[], by: TokenSigner, certificates: readonly Uint8Array[]): Promise<Buffer> {
  const leaves = createHash('sha256');
  chunks.forEach((chunk, index) => leaves.update(chunkLeaf(index, index === chunks.length - 1, chunk)));
  const value = lowSValue(by.scheme, await signAndCheck(by, signatureInputV2(createHash('sha256').update(prefix).digest(), leaves.digest(), certificatesDigest(certificates))));
  return assemble(prefix, chunks, { certificates: certificates.map((der) => Buffer.from(der).toString('base64')), scheme: V2_SCHEMES[by.scheme], signature: Buffer.from(value).toString('base64') });
}

async function main(): Promise<void> {
  const pem = (name: string) => readFileSync(path.join(ca, `${name}.pem`), 'utf8');
  const signer = (name: string, scheme: TokenSigner['scheme'] = 'ecdsaSha256') => opensslSigner(openssl, path.join(ca, `${name}.key`), pem(name), scheme);
  const recipientPem = readFileSync(path.join(dir, 'pki', 'recipient-ec.pem'), 'utf8');
  const recipient = recipientFromPem(new Uint8Array(pemToDer(recipientPem)), readFileSync(path.join(dir, 'pki', 'recipient-ec.key'), 'utf8'));
  const extraCertificate = new Uint8Array(pemToDer(readFileSync(path.join(dir, 'pki', 'recipient-rsa.pem'), 'utf8')));
  const ecdsa = signer('signer-ecdsa');
  const vectors: Vector[] = [];
  const digestOf = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  const write = async (file: string, plaintext: Buffer, by: TokenSigner, chain: readonly Uint8Array[] = []) => {
    rmSync(path.join(dir, file), { force: true }); // the writer never replaces a file
    await encryptContainer({ source: { kind: 'stream', stream: Readable.from(plaintext.length === 0 ? [] : [plaintext]) }, output: path.join(dir, file), label: LABEL, metadata: { fileName: `${file}.txt`, mediaType: 'application/octet-stream' }, recipients: [recipient.certificateDer], signer: by, chain });
    return readFileSync(path.join(dir, file));
  };
  const good = (file: string, description: string, plaintext: Buffer, cn: string, metaName = file) => vectors.push({ file, description, recipient: 'recipient-ec', expect: { ok: true, sha256: digestOf(plaintext), bytes: plaintext.length, fileName: `${metaName}.txt`, signer: cn } });
  const bad = (file: string, description: string, bytes: Buffer, problem: string, chunk?: number) => {
    writeFileSync(path.join(dir, file), bytes);
    vectors.push({ file, description, recipient: 'recipient-ec', expect: { ok: false, problem, ...(chunk === undefined ? {} : { chunk }) } });
  };

  const text = Buffer.from('Kính gửi: Văn phòng Tỉnh uỷ — bản thử của bộ vector phiên bản 2.\n');
  const three = Buffer.from(Array.from({ length: 2 * CHUNK_SIZE + 1000 }, (_, index) => (index * 7) % 251));
  const full = Buffer.from(Array.from({ length: CHUNK_SIZE }, (_, index) => index % 253));

  await write('v2-empty.alc', Buffer.alloc(0), ecdsa);
  good('v2-empty.alc', 'an empty plaintext: one empty last chunk (16 bytes)', Buffer.alloc(0), 'Người ký ECDSA');
  await write('v2-one-full-chunk.alc', full, ecdsa);
  good('v2-one-full-chunk.alc', 'exactly 65 536 bytes: one full chunk, flagged last', full, 'Người ký ECDSA');
  await write('v2-rsa-pss.alc', text, signer('signer-pss', 'rsaPssSha256'));
  good('v2-rsa-pss.alc', 'signed with RSA-PSS: rsa-pss-sha256 in header and trailer, 256-byte value', text, 'Người ký RSA-PSS');
  const chainBytes = await write('v2-three-chunks.alc', three, ecdsa, [extraCertificate]);
  good('v2-three-chunks.alc', 'three chunks (the last 1000 bytes), ECDSA low S, a second certificate in the trailer (bound by certs-digest)', three, 'Người ký ECDSA');

  // Taken apart, to be changed the ways version 2 refuses.
  const layout = await inspectContainer(path.join(dir, 'v2-three-chunks.alc'));
  const payloadStart = layout.header.length + 20 + chainBytes.readUInt32BE(layout.header.length + 16);
  const base = parts(chainBytes, payloadStart, layout.trailerStart);
  const [c0, c1, c2] = base.chunks as [Buffer, Buffer, Buffer];

  // The trailer: another spelling of the value, a certificate added or changed, version 1's spellings.
  const value = p256.Signature.fromBytes(Buffer.from(base.trailer.signature, 'base64'), 'der');
  if (value.hasHighS()) throw new Error('the writer must write low S');
  const highS = Buffer.from(new p256.Signature(value.r, N - value.s).toBytes('der')).toString('base64');
  bad('v2-high-s.alc', 'v2-three-chunks.alc with (r, n − s): verifies, but is not the one spelling', assemble(base.prefix, base.chunks, { ...base.trailer, signature: highS }), 'signatureHighS');
  bad('v2-appended-certificate.alc', 'v2-three-chunks.alc with pki-ca/root.pem appended to the trailer\'s certificates', assemble(base.prefix, base.chunks, { ...base.trailer, certificates: [...base.trailer.certificates, Buffer.from(pemToDer(pem('root'))).toString('base64')] }), 'signatureBad');
  const second = Buffer.from(base.trailer.certificates[1] ?? '', 'base64');
  second[200] = (second[200] ?? 0) ^ 0x01; // inside the certificate's key: still base64, still canonical
  bad('v2-changed-certificate.alc', 'v2-three-chunks.alc with one bit changed inside the trailer\'s second certificate', assemble(base.prefix, base.chunks, { ...base.trailer, certificates: [base.trailer.certificates[0] ?? '', second.toString('base64')] }), 'signatureBad');
  bad('v2-dropped-certificate.alc', 'v2-three-chunks.alc without the trailer\'s second certificate', assemble(base.prefix, base.chunks, { ...base.trailer, certificates: [base.trailer.certificates[0] ?? ''] }), 'signatureBad');
  bad('v2-v1-scheme.alc', 'v2-three-chunks.alc with version 1\'s trailer spelling ecdsaSha256', assemble(base.prefix, base.chunks, { ...base.trailer, scheme: 'ecdsaSha256' }), 'signatureMissing');
  bad('v2-v1-magic.alc', 'v2-three-chunks.alc ending in AIRSIG01 (version 1\'s magic)', assemble(base.prefix, base.chunks, base.trailer, 'AIRSIG01'), 'truncated');

  // By anyone: chunks swapped or cut, the trailer kept.
  bad('v2-swapped-chunks.alc', 'chunks 0 and 1 swapped', assemble(base.prefix, [c1, c0, c2], base.trailer), 'chunkTampered', 0);
  bad('v2-truncated-chunk-boundary.alc', 'the last chunk cut off, the trailer kept', assemble(base.prefix, [c0, c1], base.trailer), 'truncated', 1);

  // By a co-recipient holding the file key: chunks re-sealed with valid tags under their new places.
  const stanza = layout.header.stanzas.find((item) => item.recipient === sha256Hex(recipient.certificateDer));
  if (stanza === undefined) throw new Error('no stanza for recipient-ec');
  const fileKey = await unwrapKeyWith({ recipient: stanza.recipient, scheme: STANZA_SCHEMES[stanza.scheme], ephemeral: stanza.ephemeral, wrapped: stanza.wrapped }, recipient.certificateDer, recipient.operations, FILE_KEY_INFO);
  const key = deriveKey(fileKey, chainBytes.subarray(layout.header.length, layout.header.length + 16), 'payload');
  const plain = base.chunks.map((chunk, index) => Buffer.from(openChunk(key, index, index === 2, chunk)));
  const seal = (index: number, last: boolean, bytes: Uint8Array) => Buffer.concat(sealChunk(key, index, last, bytes));
  bad('v2-resealed-swapped.alc', 'a key holder swaps chunks 0 and 1 and seals them again under their new places: every tag holds', assemble(base.prefix, [seal(0, false, plain[1] ?? Buffer.alloc(0)), seal(1, false, plain[0] ?? Buffer.alloc(0)), c2], base.trailer), 'signatureBad');
  bad('v2-resealed-truncated.alc', 'a key holder drops the last chunk and seals chunk 1 again as the last: every tag holds', assemble(base.prefix, [c0, seal(1, true, plain[1] ?? Buffer.alloc(0))], base.trailer), 'signatureBad');
  const changed = Buffer.from(plain[1] ?? Buffer.alloc(0));
  changed[10] = (changed[10] ?? 0) ^ 0xff;
  bad('v2-resealed-content.alc', 'a key holder changes one plaintext byte of chunk 1 and seals it again: its tag holds', assemble(base.prefix, [c0, seal(1, false, changed), c2], base.trailer), 'signatureBad');

  // By the signer: a full chunk flagged not-last, then an empty last chunk, properly signed.
  const fullBytes = readFileSync(path.join(dir, 'v2-one-full-chunk.alc'));
  const fullLayout = await inspectContainer(path.join(dir, 'v2-one-full-chunk.alc'));
  const fullStanza = fullLayout.header.stanzas[0];
  if (fullStanza === undefined) throw new Error('no stanza');
  const fullKey = deriveKey(await unwrapKeyWith({ recipient: fullStanza.recipient, scheme: STANZA_SCHEMES[fullStanza.scheme], ephemeral: fullStanza.ephemeral, wrapped: fullStanza.wrapped }, recipient.certificateDer, recipient.operations, FILE_KEY_INFO), fullBytes.subarray(fullLayout.header.length, fullLayout.header.length + 16), 'payload');
  const fullStart = fullLayout.header.length + 20 + fullBytes.readUInt32BE(fullLayout.header.length + 16);
  const fullPlain = openChunk(fullKey, 0, true, fullBytes.subarray(fullStart, fullLayout.trailerStart));
  const emptyLast = [Buffer.concat(sealChunk(fullKey, 0, false, fullPlain)), Buffer.concat(sealChunk(fullKey, 1, true, new Uint8Array(0)))];
  const fullParts = parts(fullBytes, fullStart, fullLayout.trailerStart);
  bad('v2-resealed-extended.alc', 'v2-one-full-chunk.alc extended by a key holder: its chunk sealed again as not-last, a chunk 1 added after it; every tag holds', assemble(fullParts.prefix, [Buffer.concat(sealChunk(fullKey, 0, false, fullPlain)), Buffer.concat(sealChunk(fullKey, 1, true, Buffer.from('thêm')))], fullParts.trailer), 'signatureBad');
  bad('v2-empty-last-chunk.alc', 'one full chunk flagged not-last, then an empty last chunk, signed by the signer: version 2 refuses the second chunking', await signV2(fullBytes.subarray(0, fullStart), emptyLast, ecdsa, [ecdsa.certificateDer]), 'malformed');

  writeFileSync(path.join(dir, 'vectors-v2.json'), `${JSON.stringify({ format: 'airlock-container/2', generated: new Date().toISOString(), trustAnchor: 'pki-ca/root.pem', crl: 'pki-ca/root.crl.pem', recipients: 'pki', vectors }, null, 2)}\n`);
}

await main();
