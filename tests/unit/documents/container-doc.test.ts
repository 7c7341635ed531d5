import assert from 'node:assert/strict';
import { X509Certificate, constants, createHash, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { CrlCache, MemoryCrlStore } from '../../../electron/core/certificates/revocation.js';
import { TrustAnchors } from '../../../electron/core/certificates/trust-anchors.js';
import { CONTAINER_PROBLEMS } from '../../../electron/core/documents/container-error.js';
import { ContainerLabel, SIGNER_SCHEMES, STANZA_SCHEMES } from '../../../electron/core/documents/container-format.js';
import { openContainer } from '../../../electron/core/documents/container-reader.js';
import { pemToDer } from '../../support/softhsm/test-pki.js';
import { recipientFromPem } from '../../support/software-recipient.js';

// docs/container.md is the contract a second implementation follows: its tables are read here and
// held to the code and the committed vectors, so text, code and vectors cannot drift apart. The
// canonical JSON below is written from the text's rules, not taken from the code.

const root = path.resolve(import.meta.dirname, '../../..');
const doc = readFileSync(path.join(root, 'docs/container.md'), 'utf8');
const dir = path.join(root, 'tests/vectors/container');
interface Vector {
  file: string;
  recipient: string | string[];
  expect: { ok: true } | { ok: false; problem: string; chunk?: number; recipient?: string };
}
const manifestVectors = (file: string) => (JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { vectors: Vector[] }).vectors;
// pki/'s set and the set signed by the test CA whose key is committed (pki-ca/).
const vectors = [...manifestVectors('vectors.json'), ...manifestVectors('vectors-pki-ca.json')];
const v2Vectors = manifestVectors('vectors-v2.json');

/** The rows of the first table after `heading` (its header row and rule skipped), cells trimmed. */
function table(heading: string): string[][] {
  const start = doc.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `docs/container.md has "${heading}"`);
  const lines = doc.slice(start).split('\n').map((line) => line.trim()); // a table inside a list item is indented
  const first = lines.findIndex((line) => line.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(1, -1).split('|').map((cell) => cell.trim()));
  }
  assert.ok(rows.length > 0, `a table under "${heading}"`);
  return rows;
}
const codeIn = (cell: string | undefined): string[] => [...(cell ?? '').matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '');

/** docs/container.md "Canonical JSON", rule by rule. */
function canonical(value: unknown): string {
  if (value === null || value === true || value === false) return String(value);
  if (typeof value === 'string') {
    const short: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r' };
    const escaped = [...value].map((char) => short[char] ?? (char.charCodeAt(0) < 0x20 ? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}` : char));
    return `"${escaped.join('')}"`;
  }
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    // Ordinal UTF-16 order: JavaScript's string comparison is exactly that.
    const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((key) => `${canonical(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  throw new Error(`version 1 has no ${typeof value} in its JSON`);
}

/** What the text says of a file: header lines, the trailer found from the end. */
function read(file: string) {
  const bytes = readFileSync(path.join(dir, file));
  const magic = bytes.subarray(bytes.length - 8).toString('latin1');
  const length = bytes.readUInt32BE(bytes.length - 12);
  const trailerText = bytes.subarray(bytes.length - 12 - length, bytes.length - 12).toString('utf8');
  const lines = bytes.toString('latin1').split('\n');
  const utf8Line = (prefix: string) => Buffer.from(lines.find((line) => line.startsWith(prefix)) ?? '', 'latin1').toString('utf8');
  return { bytes, magic, trailerStart: bytes.length - 12 - length, trailerText, labelLine: utf8Line('label '), signerLine: utf8Line('signer ') };
}

function withTrailer(bytes: Buffer, trailerStart: number, trailer: unknown): Buffer {
  const json = Buffer.from(canonical(trailer));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  return Buffer.concat([bytes.subarray(0, trailerStart), json, length, Buffer.from('AIRSIG01')]);
}

const pkiPem = (name: string) => readFileSync(path.join(dir, 'pki', `${name}.pem`), 'utf8');
async function open(file: string) {
  const crls = new CrlCache(new MemoryCrlStore());
  await crls.import(readFileSync(path.join(dir, 'pki', 'root.crl.pem'), 'utf8'), [pkiPem('root')]);
  const key = recipientFromPem(new Uint8Array(pemToDer(pkiPem('recipient-ec'))), readFileSync(path.join(dir, 'pki', 'recipient-ec.key'), 'utf8'));
  return openContainer({ path: file, keys: [key], trust: { anchors: TrustAnchors.load([pkiPem('root')]), intermediates: [], crls, now: () => new Date() }, sink: { kind: 'memory', maxBytes: 1024 * 1024 } });
}

const scratch = mkdtempSync(path.join(tmpdir(), 'container-doc-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('docs/container.md against the code and the vectors', () => {
  const errors = table('### Errors');
  const documented = new Set(errors.map((row) => codeIn(row[0])[0] ?? ''));

  it('the error table names exactly the codes of container-error.ts, once each', () => {
    assert.equal(documented.size, errors.length, 'no code twice');
    assert.deepEqual([...documented].sort(), [...CONTAINER_PROBLEMS].sort());
  });

  it('every code a vector expects is in the table, and the detail it carries is the one the table names', () => {
    for (const vector of [...vectors, ...v2Vectors]) {
      if (vector.expect.ok) continue;
      const { problem, chunk, recipient } = vector.expect;
      const row = errors.find((cells) => codeIn(cells[0])[0] === problem);
      assert.ok(row, `${vector.file}: ${problem} is in the error table`);
      if (chunk !== undefined) assert.match(row[3] ?? '', /`chunk`/, `${problem} carries a chunk number`);
      if (recipient !== undefined) assert.match(row[3] ?? '', /`recipient`/, `${problem} carries a fingerprint`);
    }
  });

  it('the scheme table is the mapping the code writes and reads, one row per scheme', () => {
    const rows = table('### Scheme names').map((cells) => [codeIn(cells[1])[0], codeIn(cells[2])[0]]);
    assert.deepEqual(Object.fromEntries(rows.map(([header, trailer]) => [trailer, header])), SIGNER_SCHEMES);
    for (const scheme of Object.keys(STANZA_SCHEMES)) assert.match(doc, new RegExp(`Stanza schemes appear only in the header:[^.]*\`${scheme}\``));
  });

  it('the label table lists exactly the fields the reader accepts', () => {
    const keys = table('### Header (text)').map((cells) => codeIn(cells[0])[0]);
    assert.deepEqual(keys.sort(), Object.keys(ContainerLabel.shape).sort());
  });

  it('every vector with a trailer follows the text: magic, canonical label and trailer, scheme row, signer fingerprint', () => {
    const schemes = table('### Scheme names').map((cells) => [codeIn(cells[1])[0], codeIn(cells[2])[0]]);
    let checked = 0;
    for (const file of new Set(vectors.map((vector) => vector.file))) {
      const { magic, trailerText, labelLine, signerLine } = read(file);
      if (magic !== 'AIRSIG01') {
        assert.equal(vectors.find((vector) => vector.file === file)?.expect.ok, false, `${file} has no trailer and must be refused`);
        continue;
      }
      const trailer = JSON.parse(trailerText) as { certificates: string[]; scheme: string; signature: string };
      assert.equal(canonical(trailer), trailerText, `${file}: trailer is canonical JSON`);
      if (file === 'unknown-version.alc') continue; // its header is another version's
      const label: unknown = JSON.parse(labelLine.slice('label '.length));
      assert.equal(`label ${canonical(label)}`, labelLine, `${file}: label is canonical JSON`);
      const [, headerScheme, fingerprint] = signerLine.split(' ');
      assert.ok(schemes.some(([header, inTrailer]) => header === headerScheme && inTrailer === trailer.scheme), `${file}: ${String(headerScheme)} and ${trailer.scheme} are one row of the scheme table`);
      assert.equal(createHash('sha256').update(Buffer.from(trailer.certificates[0] ?? '', 'base64')).digest('hex'), fingerprint, `${file}: fingerprint = SHA-256 of the DER certificate`);
      checked++;
    }
    assert.ok(checked >= 10);
  });

  it("the pki-ca vectors are what their names say, read by the text's rules alone", () => {
    const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
    const trailerOf = (file: string) => JSON.parse(read(file).trailerText) as { certificates: string[]; scheme: string; signature: string };
    // RSA-PSS: one row of the scheme table; the value as long as the 2048-bit modulus (I2OSP).
    const pss = read('rsa-pss.alc');
    assert.equal(pss.signerLine.split(' ')[1], 'rsa-pss-sha256');
    assert.equal(trailerOf('rsa-pss.alc').scheme, 'rsaPssSha256');
    assert.equal(Buffer.from(trailerOf('rsa-pss.alc').signature, 'base64').length, 256);
    // high-s.alc and low-s.alc: one header || body, one r, s and n − s.
    const [lowR, lowS] = derIntegers(Buffer.from(trailerOf('low-s.alc').signature, 'base64'));
    const [highR, highS] = derIntegers(Buffer.from(trailerOf('high-s.alc').signature, 'base64'));
    assert.ok(lowS <= n / 2n && highS > n / 2n);
    assert.equal(highR, lowR);
    assert.equal(highS, n - lowS);
    assert.deepEqual(read('high-s.alc').bytes.subarray(0, read('high-s.alc').trailerStart), read('low-s.alc').bytes.subarray(0, read('low-s.alc').trailerStart));
    // extra-certificate.alc: low-s.alc's header, body and signature; one more certificate after the signer's.
    const extra = trailerOf('extra-certificate.alc');
    assert.deepEqual(extra.certificates.slice(0, 1), trailerOf('low-s.alc').certificates);
    assert.equal(extra.certificates.length, 2);
    assert.equal(extra.signature, trailerOf('low-s.alc').signature);
    assert.deepEqual(read('extra-certificate.alc').bytes.subarray(0, read('extra-certificate.alc').trailerStart), read('low-s.alc').bytes.subarray(0, read('low-s.alc').trailerStart));
    // empty-last-chunk.alc: the payload is one full sealed chunk and a 16-byte one (n = ⌈P / 65 552⌉ = 2).
    const empty = read('empty-last-chunk.alc');
    const headerEnd = empty.bytes.indexOf('\n', empty.bytes.indexOf('\n--- ') + 1) + 1; // the header ends with the mac-line's LF
    const payload = empty.trailerStart - (headerEnd + 16 + 4 + empty.bytes.readUInt32BE(headerEnd + 16));
    assert.equal(payload, 65_552 + 16);
  });

  it('as the text says, an extra trailer certificate is a hint only: one appended to a good file goes unnoticed', async () => {
    const { bytes, trailerStart, trailerText } = read('two-chunks.alc');
    const trailer = JSON.parse(trailerText) as { certificates: string[] };
    const extra = pemToDer(pkiPem('recipient-rsa')).toString('base64');
    const file = path.join(scratch, 'extra-certificate.alc');
    writeFileSync(file, withTrailer(bytes, trailerStart, { ...trailer, certificates: [...trailer.certificates, extra] }));
    assert.equal((await open(file)).plaintextBytes, 65_613);
  });

  it('as the text says, ECDSA (r, s) and (r, n − s) both verify', async () => {
    const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
    const { bytes, trailerStart, trailerText } = read('two-chunks.alc');
    const trailer = JSON.parse(trailerText) as { signature: string };
    const [r, s] = derIntegers(Buffer.from(trailer.signature, 'base64'));
    const other = derSignature(r, n - s).toString('base64');
    assert.notEqual(other, trailer.signature);
    assert.equal(derSignature(r, s).toString('base64'), trailer.signature, 'the DER helper spells the original as it was');
    const file = path.join(scratch, 'other-s.alc');
    writeFileSync(file, withTrailer(bytes, trailerStart, { ...trailer, signature: other }));
    assert.equal((await open(file)).plaintextBytes, 65_613);
  });

  it('as the text says, signerMismatch is checked before signatureBad', async () => {
    const { bytes, trailerStart, trailerText } = read('bad-signature.alc');
    const trailer = JSON.parse(trailerText) as { scheme: string };
    const file = path.join(scratch, 'mismatch-and-bad.alc');
    writeFileSync(file, withTrailer(bytes, trailerStart, { ...trailer, scheme: 'rsaPssSha256' }));
    await assert.rejects(open(file), (error: unknown) => (error as { problem?: string }).problem === 'signerMismatch');
  });
});

/**
 * Version 2 as the text defines it, computed here from the bytes alone: the parts, the three
 * digests, M, and the signature checked with node:crypto against the first certificate.
 */
function readV2(file: string) {
  const { bytes, magic, trailerStart, trailerText, signerLine } = read(file);
  const headerEnd = bytes.indexOf('\n', bytes.indexOf('\n--- ') + 1) + 1;
  const payloadStart = headerEnd + 16 + 4 + bytes.readUInt32BE(headerEnd + 16);
  const chunks: Buffer[] = [];
  for (let at = payloadStart; at < trailerStart; at += 65_552) chunks.push(bytes.subarray(at, Math.min(at + 65_552, trailerStart)));
  const trailer = JSON.parse(trailerText) as { certificates: string[]; scheme: string; signature: string };
  const sha = (...parts: Uint8Array[]) => parts.reduce((hash, part) => hash.update(part), createHash('sha256')).digest();
  const u32 = (value: number) => Buffer.from([value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff]);
  const iv = (index: number, last: boolean) => Buffer.concat([Buffer.alloc(7), u32(index), Buffer.of(last ? 1 : 0)]); // u88(i) || flag
  const message = (certificates: readonly string[], payload: readonly Buffer[] = chunks) => {
    const ders = certificates.map((item) => Buffer.from(item, 'base64'));
    const certsDigest = sha(u32(ders.length), ...ders.flatMap((der) => [u32(der.length), der]));
    const chunksDigest = sha(...payload.map((chunk, index) => sha(iv(index, index === payload.length - 1), chunk)));
    return Buffer.concat([Buffer.from('airlock-container/2 signature\0'), sha(bytes.subarray(0, payloadStart)), chunksDigest, certsDigest]);
  };
  const verifies = (signed: Buffer, value: Buffer = Buffer.from(trailer.signature, 'base64')) => {
    const key = new X509Certificate(Buffer.from(trailer.certificates[0] ?? '', 'base64')).publicKey;
    return trailer.scheme === 'rsa-pss-sha256' ? verify('sha256', signed, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, value) : verify('sha256', signed, { key, dsaEncoding: 'der' }, value);
  };
  return { bytes, magic, trailer, signerLine, chunks, message, verifies, versionLine: bytes.subarray(0, bytes.indexOf('\n')).toString('latin1') };
}

describe('docs/container.md "Version 2" against its vectors, by the text alone', () => {
  const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
  const outcome = (file: string) => v2Vectors.find((vector) => vector.file === file)?.expect;

  it('the version 2 scheme table is the spelling the code writes in both places', async () => {
    const { V2_SCHEMES } = await import('../../../electron/core/documents/container-signature.js');
    const rows = table('### What changes').map((cells) => codeIn(cells[1])[0]);
    assert.deepEqual(rows.sort(), Object.values(V2_SCHEMES).sort());
    assert.deepEqual(Object.values(V2_SCHEMES).sort(), Object.values(SIGNER_SCHEMES).sort(), 'version 2 uses the header spellings of version 1');
  });

  it('every accepted version 2 vector: version line, AIRSIG02, one scheme spelling, low S, M as the text builds it verifies', () => {
    let checked = 0;
    for (const vector of v2Vectors.filter((item) => item.expect.ok)) {
      const file = readV2(vector.file);
      assert.equal(file.versionLine, 'airlock-container/2', vector.file);
      assert.equal(file.magic, 'AIRSIG02', vector.file);
      assert.equal(canonical(file.trailer), read(vector.file).trailerText, `${vector.file}: canonical trailer`);
      assert.equal(file.signerLine.split(' ')[1], file.trailer.scheme, `${vector.file}: one spelling in header and trailer`);
      assert.equal(createHash('sha256').update(Buffer.from(file.trailer.certificates[0] ?? '', 'base64')).digest('hex'), file.signerLine.split(' ')[2]);
      if (file.trailer.scheme === 'ecdsa-p256-sha256') assert.ok((derIntegers(Buffer.from(file.trailer.signature, 'base64'))[1] ?? 0n) <= (n - 1n) / 2n, `${vector.file}: low S`);
      else assert.equal(Buffer.from(file.trailer.signature, 'base64').length, 256, `${vector.file}: PSS value as long as the modulus`);
      assert.ok(!(file.chunks.length > 1 && file.chunks.at(-1)?.length === 16), `${vector.file}: no empty last chunk after a full one`);
      assert.ok(file.verifies(file.message(file.trailer.certificates)), `${vector.file}: the signature verifies over M`);
      checked++;
    }
    assert.ok(checked >= 4);
    assert.ok(v2Vectors.some((vector) => vector.expect.ok && readV2(vector.file).trailer.scheme === 'rsa-pss-sha256'), 'an RSA-PSS vector');
    assert.ok(v2Vectors.some((vector) => vector.expect.ok && readV2(vector.file).trailer.certificates.length > 1), 'a vector with a second certificate');
  });

  it('the refused version 2 vectors are refused for the rule their name gives, and for no other', () => {
    // High S: (r, n − s) verifies over M; the only fault is the spelling.
    const high = readV2('v2-high-s.alc');
    const [r, s] = derIntegers(Buffer.from(high.trailer.signature, 'base64'));
    assert.ok(s > (n - 1n) / 2n);
    assert.ok(high.verifies(high.message(high.trailer.certificates)), 'a high-S value verifies');
    assert.ok(high.verifies(high.message(high.trailer.certificates), derSignature(r, n - s)));
    // Certificates: the signature holds for the signed list only.
    for (const file of ['v2-appended-certificate.alc', 'v2-changed-certificate.alc', 'v2-dropped-certificate.alc']) {
      const changed = readV2(file);
      assert.ok(!changed.verifies(changed.message(changed.trailer.certificates)), `${file}: M over its own certificates does not verify`);
      assert.ok(changed.verifies(changed.message(readV2('v2-three-chunks.alc').trailer.certificates)), `${file}: M over the signed list does`);
    }
    // Chunks re-sealed by a key holder: the same header and signature, other ciphertext; M over it fails.
    for (const file of ['v2-resealed-swapped.alc', 'v2-resealed-truncated.alc', 'v2-resealed-content.alc', 'v2-resealed-extended.alc']) {
      const changed = readV2(file);
      assert.ok(!changed.verifies(changed.message(changed.trailer.certificates)), `${file}: the signature does not cover these chunks`);
    }
    // An empty last chunk after a full one, properly signed: refused by the chunking rule alone.
    const empty = readV2('v2-empty-last-chunk.alc');
    assert.deepEqual(empty.chunks.map((chunk) => chunk.length), [65_552, 16]);
    assert.ok(empty.verifies(empty.message(empty.trailer.certificates)), 'signed by the signer');
    const expected: Record<string, string> = { 'v2-high-s.alc': 'signatureHighS', 'v2-empty-last-chunk.alc': 'malformed', 'v2-v1-scheme.alc': 'signatureMissing', 'v2-v1-magic.alc': 'truncated' };
    for (const [file, problem] of Object.entries(expected)) assert.deepEqual(outcome(file), { ok: false, problem }, file);
    assert.equal(readV2('v2-v1-scheme.alc').trailer.scheme, 'ecdsaSha256');
    assert.equal(readV2('v2-v1-magic.alc').magic, 'AIRSIG01');
  });
});

/** An ECDSA-Sig-Value: SEQUENCE { INTEGER r, INTEGER s }, short lengths (P-256 always fits). */
function derIntegers(der: Buffer): [bigint, bigint] {
  assert.equal(der[0], 0x30);
  const values: bigint[] = [];
  for (let at = 2; at < der.length; ) {
    assert.equal(der[at], 0x02);
    const length = der[at + 1] ?? 0;
    values.push(BigInt(`0x${der.subarray(at + 2, at + 2 + length).toString('hex')}`));
    at += 2 + length;
  }
  assert.equal(values.length, 2);
  return [values[0] ?? 0n, values[1] ?? 0n];
}

function derSignature(r: bigint, s: bigint): Buffer {
  const integer = (value: bigint) => {
    let hex = value.toString(16);
    if (hex.length % 2 === 1) hex = `0${hex}`;
    const body = Buffer.from(hex, 'hex');
    const content = (body[0] ?? 0) >= 0x80 ? Buffer.concat([Buffer.of(0), body]) : body;
    return Buffer.concat([Buffer.of(0x02, content.length), content]);
  };
  const content = Buffer.concat([integer(r), integer(s)]);
  return Buffer.concat([Buffer.of(0x30, content.length), content]);
}
