// Writes the container vectors that need signers of a test CA whose key IS committed
// (tests/vectors/container/pki-ca/, docs/container.md "Vectors"): RSA-PSS, a revoked and an expired
// signer, an empty last chunk after a full one, an appended trailer certificate, and a named
// high-S / low-S pair. Run by hand: `node --import tsx tests/vectors/container/generate-pki-ca.ts`
// (`--new-pki` to make the CA and signers again). The vectors of generate.ts (pki/) are untouched.
// Recipients are pki/'s (their keys are committed there), so the one test opens both sets.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { p256 } from '@noble/curves/nist.js';
import { encryptContainer } from '../../../electron/core/documents/container-writer.js';
import { inspectContainer } from '../../../electron/core/documents/container-reader.js';
import { CHUNK_SIZE, STANZA_SCHEMES, TAG_SIZE, TRAILER_MAGIC, type ContainerLabel } from '../../../electron/core/documents/container-format.js';
import { deriveKey, FILE_KEY_INFO, openChunk, sealChunk, signatureInput } from '../../../electron/core/documents/container-crypto.js';
import { unwrapKeyWith } from '../../../electron/core/crypto/key-wrap.js';
import { canonicalJson } from '../../../electron/core/signing/canonical-json.js';
import { signAndCheck, type TokenSigner } from '../../../electron/core/signing/token-signer.js';
import { sha256Hex } from '../../../electron/core/certificates/parsed-certificate.js';
import { opensslSigner } from '../../support/openssl-signer.js';
import { pemToDer } from '../../support/softhsm/test-pki.js';
import { recipientFromPem } from '../../support/software-recipient.js';

const dir = import.meta.dirname;
const ca = path.join(dir, 'pki-ca');
const run = (args: readonly string[]) => execFileSync('openssl', args, { cwd: ca, stdio: ['ignore', 'pipe', 'pipe'] });
const openssl = (args: readonly string[]) => Promise.resolve({ stdout: execFileSync('openssl', args, { cwd: ca, encoding: 'utf8' }), stderr: '' });

/** Fixed serials and dates, so only the keys and signatures differ between two runs. */
function makePki(): void {
  rmSync(ca, { recursive: true, force: true });
  mkdirSync(ca, { recursive: true });
  writeFileSync(path.join(ca, 'ext.cnf'), ['[ca]', 'basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign', 'subjectKeyIdentifier=hash', '', '[leaf]', 'basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature,nonRepudiation', 'subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid:always', ''].join('\n'));
  writeFileSync(path.join(ca, 'ca.cnf'), ['[ca]', 'default_ca=root', '[root]', 'dir=.', 'database=index.txt', 'serial=serial', 'crlnumber=crlnumber', 'new_certs_dir=.', 'certificate=root.pem', 'private_key=root.key', 'default_md=sha256', 'default_crl_days=36500', 'policy=any', 'unique_subject=no', 'string_mask=utf8only', '[any]', 'countryName=optional', 'organizationName=optional', 'commonName=supplied', ''].join('\n'));
  writeFileSync(path.join(ca, 'index.txt'), '');
  writeFileSync(path.join(ca, 'serial'), '1001\n');
  writeFileSync(path.join(ca, 'crlnumber'), '2000\n');
  const ec = (name: string) => run(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`]);
  ec('root');
  run(['req', '-x509', '-new', '-key', 'root.key', '-subj', '/C=VN/O=Airlock Vectors/CN=Airlock Vector CA', '-set_serial', '0x1000', '-days', '36500', '-utf8', '-extensions', 'ca', '-config', 'ext.cnf', '-out', 'root.pem']);
  const leaf = (name: string, cn: string, from: string, until: string) => {
    run(['req', '-new', '-key', `${name}.key`, '-subj', `/C=VN/O=Airlock Vectors/CN=${cn}`, '-utf8', '-out', `${name}.csr`]);
    run(['ca', '-batch', '-config', 'ca.cnf', '-utf8', '-notext', '-in', `${name}.csr`, '-startdate', from, '-enddate', until, '-extfile', 'ext.cnf', '-extensions', 'leaf', '-out', `${name}.pem`]);
    rmSync(path.join(ca, `${name}.csr`));
  };
  run(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'signer-pss.key']);
  leaf('signer-pss', 'Người ký RSA-PSS', '20260101000000Z', '21251231000000Z');
  ec('signer-ecdsa');
  leaf('signer-ecdsa', 'Người ký ECDSA', '20260101000000Z', '21251231000000Z');
  ec('signer-revoked');
  leaf('signer-revoked', 'Người ký bị thu hồi', '20260101000000Z', '21251231000000Z');
  ec('signer-expired');
  leaf('signer-expired', 'Người ký hết hạn', '20250101000000Z', '20251231000000Z');
  run(['ca', '-config', 'ca.cnf', '-revoke', 'signer-revoked.pem', '-crl_reason', 'keyCompromise']);
  run(['ca', '-config', 'ca.cnf', '-gencrl', '-out', 'root.crl.pem']);
  // openssl ca's copies named by serial, and its backups: the .pem files above are the same bytes.
  for (const serial of ['1001', '1002', '1003', '1004']) rmSync(path.join(ca, `${serial}.pem`), { force: true });
  for (const file of ['index.txt.old', 'index.txt.attr.old', 'serial.old', 'crlnumber.old']) rmSync(path.join(ca, file), { force: true });
}

const LABEL: ContainerLabel = { level: 'mat', caveats: [], originator: 'Văn phòng Tỉnh uỷ', date: '2026-12-05', declassifyOn: null };
const N = p256.Point.CURVE().n;
type Expect = { ok: true; sha256: string; bytes: number; fileName: string; signer: string } | { ok: false; problem: string; reason?: string };
interface Vector {
  readonly file: string;
  readonly description: string;
  readonly recipient: string;
  readonly expect: Expect;
}

async function main(): Promise<void> {
  if (process.argv.includes('--new-pki') || !existsSync(path.join(ca, 'root.key'))) makePki();
  const pem = (name: string) => readFileSync(path.join(ca, `${name}.pem`), 'utf8');
  const signer = (name: string, scheme: TokenSigner['scheme'] = 'ecdsaSha256') => opensslSigner(openssl, path.join(ca, `${name}.key`), pem(name), scheme);
  const recipientPem = readFileSync(path.join(dir, 'pki', 'recipient-ec.pem'), 'utf8');
  const recipient = recipientFromPem(new Uint8Array(pemToDer(recipientPem)), readFileSync(path.join(dir, 'pki', 'recipient-ec.key'), 'utf8'));
  const vectors: Vector[] = [];
  const text = Buffer.from('Kính gửi: Văn phòng Tỉnh uỷ — bản thử của bộ vector pki-ca.\n');
  const full = Buffer.from(Array.from({ length: CHUNK_SIZE }, (_, index) => index % 253));
  const digestOf = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  const write = async (file: string, plaintext: Buffer, by: TokenSigner) => {
    // The writer never replaces a file (it picks "x (2).alc"): regenerating must, so the old one goes first.
    rmSync(path.join(dir, file), { force: true });
    await encryptContainer({ source: { kind: 'stream', stream: Readable.from([plaintext]) }, output: path.join(dir, file), label: LABEL, metadata: { fileName: `${file}.txt`, mediaType: 'text/plain' }, recipients: [recipient.certificateDer], signer: by, chain: [], version: 1 });
    return readFileSync(path.join(dir, file));
  };
  const good = (file: string, description: string, plaintext: Buffer, cn: string, metaName = file) =>
    vectors.push({ file, description, recipient: 'recipient-ec', expect: { ok: true, sha256: digestOf(plaintext), bytes: plaintext.length, fileName: `${metaName}.txt`, signer: cn } });
  /** header || body of `bytes`, signed again by `by`, with `extra` certificates after the signer's. */
  const resign = async (signed: Buffer, by: TokenSigner, signature?: (value: Uint8Array) => Uint8Array, extra: readonly Uint8Array[] = []) => {
    const value = await signAndCheck(by, signatureInput(createHash('sha256').update(signed).digest()));
    const trailer = Buffer.from(canonicalJson({ certificates: [by.certificateDer, ...extra].map((der) => Buffer.from(der).toString('base64')), scheme: by.scheme, signature: Buffer.from(signature ? signature(value) : value).toString('base64') }));
    const length = Buffer.alloc(4);
    length.writeUInt32BE(trailer.length);
    return Buffer.concat([signed, trailer, length, Buffer.from(TRAILER_MAGIC)]);
  };

  await write('rsa-pss.alc', text, signer('signer-pss', 'rsaPssSha256'));
  good('rsa-pss.alc', 'signed with RSA-PSS (header rsa-pss-sha256, trailer rsaPssSha256)', text, 'Người ký RSA-PSS');
  await write('revoked-signer.alc', text, signer('signer-revoked'));
  vectors.push({ file: 'revoked-signer.alc', description: 'a whole file whose signer is on the CA\'s CRL (keyCompromise)', recipient: 'recipient-ec', expect: { ok: false, problem: 'signerInvalid', reason: 'revoked' } });
  await write('expired-signer.alc', text, signer('signer-expired'));
  vectors.push({ file: 'expired-signer.alc', description: 'a whole file whose signer\'s certificate ended on 2025-12-31', recipient: 'recipient-ec', expect: { ok: false, problem: 'signerInvalid', reason: 'expired' } });

  // The high-S / low-S pair: one header || body, the same signature (r, s) in its two forms.
  const ecdsa = signer('signer-ecdsa');
  const base = await write('low-s.alc', text, ecdsa);
  const baseLayout = await inspectContainer(path.join(dir, 'low-s.alc'));
  const signed = base.subarray(0, baseLayout.trailerStart);
  const withS = (high: boolean) => (value: Uint8Array) => {
    const signature = p256.Signature.fromBytes(value, 'der');
    const s = signature.hasHighS() === high ? signature.s : N - signature.s;
    return new p256.Signature(signature.r, s).toBytes('der');
  };
  const lowBytes = await resign(signed, ecdsa, withS(false));
  writeFileSync(path.join(dir, 'low-s.alc'), lowBytes);
  good('low-s.alc', 'ECDSA signature with low s (s ≤ n/2)', text, 'Người ký ECDSA');
  const low = JSON.parse(lowBytes.subarray(signed.length, lowBytes.length - 12).toString('utf8')) as { signature: string };
  const highSignature = (() => {
    const parsed = p256.Signature.fromBytes(Buffer.from(low.signature, 'base64'), 'der');
    return new p256.Signature(parsed.r, N - parsed.s).toBytes('der');
  })();
  writeFileSync(path.join(dir, 'high-s.alc'), await resign(signed, ecdsa, () => highSignature));
  good('high-s.alc', 'low-s.alc with s replaced by n − s (high S): the same signature in its other form; version 1 accepts it', text, 'Người ký ECDSA', 'low-s.alc');

  writeFileSync(path.join(dir, 'extra-certificate.alc'), await resign(signed, ecdsa, () => Buffer.from(low.signature, 'base64'), [new Uint8Array(pemToDer(recipientPem))]));
  good('extra-certificate.alc', 'low-s.alc with an unneeded certificate (pki/recipient-ec.pem) appended to the trailer: a hint only', text, 'Người ký ECDSA', 'low-s.alc');

  // A full chunk flagged not-last, then an empty last chunk (the tag alone): never written by the
  // writer, made here with the file key (unwrapped with the recipient's committed key) and signed.
  const fullBytes = await write('empty-last-chunk.alc', full, ecdsa);
  const layout = await inspectContainer(path.join(dir, 'empty-last-chunk.alc'));
  const stanza = layout.header.stanzas.find((item) => item.recipient === sha256Hex(recipient.certificateDer));
  if (stanza === undefined) throw new Error('no stanza for recipient-ec');
  const fileKey = await unwrapKeyWith({ recipient: stanza.recipient, scheme: STANZA_SCHEMES[stanza.scheme], ephemeral: stanza.ephemeral, wrapped: stanza.wrapped }, recipient.certificateDer, recipient.operations, FILE_KEY_INFO);
  const nonce = fullBytes.subarray(layout.header.length, layout.header.length + 16);
  const payloadStart = layout.header.length + 20 + fullBytes.readUInt32BE(layout.header.length + 16);
  if (layout.trailerStart - payloadStart !== CHUNK_SIZE + TAG_SIZE) throw new Error('expected one full chunk');
  const key = deriveKey(fileKey, nonce, 'payload');
  const plaintext = openChunk(key, 0, true, fullBytes.subarray(payloadStart, layout.trailerStart));
  const rebuilt = Buffer.concat([fullBytes.subarray(0, payloadStart), ...sealChunk(key, 0, false, plaintext), ...sealChunk(key, 1, true, new Uint8Array(0))]);
  writeFileSync(path.join(dir, 'empty-last-chunk.alc'), await resign(rebuilt, ecdsa));
  good('empty-last-chunk.alc', 'one full chunk flagged not-last, then an empty last chunk (16 bytes, the tag): version 1 accepts it', full, 'Người ký ECDSA');

  writeFileSync(path.join(dir, 'vectors-pki-ca.json'), `${JSON.stringify({ format: 'airlock-container/1', generated: new Date().toISOString(), trustAnchor: 'pki-ca/root.pem', crl: 'pki-ca/root.crl.pem', recipients: 'pki', vectors }, null, 2)}\n`);
}

await main();
