// Writes the committed container test vectors (docs/container.md). Run by hand when the format
// changes: `node --import tsx tests/vectors/container/generate.ts` (add `--new-pki` to replace the
// keys too). Its own small PKI (100-year certificates and CRLs, so the vectors stay valid),
// test-only keys committed beside the vectors; kept when it exists.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { encryptContainer } from '../../../electron/core/documents/container-writer.js';
import { inspectContainer } from '../../../electron/core/documents/container-reader.js';
import { CHUNK_SIZE, TAG_SIZE, type ContainerLabel } from '../../../electron/core/documents/container-format.js';
import { opensslSigner } from '../../support/openssl-signer.js';
import { pemToDer } from '../../support/softhsm/test-pki.js';
import { damageStanza } from '../../support/damaged-stanza.js';
import { sha256Hex } from '../../../electron/core/certificates/parsed-certificate.js';

const dir = import.meta.dirname;
const pki = path.join(dir, 'pki');
const openssl = (args: readonly string[]) => Promise.resolve({ stdout: execFileSync('openssl', args, { cwd: pki, encoding: 'utf8' }), stderr: '' });
const run = (args: readonly string[]) => execFileSync('openssl', args, { cwd: pki, stdio: ['ignore', 'pipe', 'pipe'] });

function makePki(): void {
  rmSync(pki, { recursive: true, force: true });
  mkdirSync(pki, { recursive: true });
  writeFileSync(path.join(pki, 'ext.cnf'), ['[ca]', 'basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign', 'subjectKeyIdentifier=hash', '', '[leaf]', 'basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature,nonRepudiation,keyEncipherment,keyAgreement', 'subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid:always', ''].join('\n'));
  const ec = (name: string) => run(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`]);
  ec('root');
  ec('signer');
  ec('recipient-ec');
  run(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'recipient-rsa.key']);
  run(['req', '-x509', '-new', '-key', 'root.key', '-subj', '/C=VN/O=Airlock Vectors/CN=Airlock Vector Root', '-days', '36500', '-utf8', '-extensions', 'ca', '-config', 'ext.cnf', '-out', 'root.pem']);
  const leaf = (name: string, cn: string) => {
    run(['req', '-new', '-key', `${name}.key`, '-subj', `/C=VN/O=Airlock Vectors/CN=${cn}`, '-utf8', '-out', `${name}.csr`]);
    run(['x509', '-req', '-in', `${name}.csr`, '-CA', 'root.pem', '-CAkey', 'root.key', '-days', '36500', '-extfile', 'ext.cnf', '-extensions', 'leaf', '-set_serial', `0x${randomBytes(8).toString('hex')}`, '-out', `${name}.pem`]);
    rmSync(path.join(pki, `${name}.csr`));
  };
  leaf('signer', 'Người ký mẫu');
  leaf('recipient-ec', 'Người nhận EC');
  leaf('recipient-rsa', 'Người nhận RSA');
  // An empty CRL from the root, valid for 100 years: revocation status must be known to validate.
  writeFileSync(path.join(pki, 'index.txt'), '');
  writeFileSync(path.join(pki, 'crlnumber'), '1000\n');
  writeFileSync(path.join(pki, 'ca.cnf'), ['[ca]', 'default_ca=root', '[root]', `database=${path.join(pki, 'index.txt')}`, `crlnumber=${path.join(pki, 'crlnumber')}`, 'default_md=sha256', 'default_crl_days=36500', ''].join('\n'));
  run(['ca', '-config', 'ca.cnf', '-gencrl', '-keyfile', 'root.key', '-cert', 'root.pem', '-out', 'root.crl.pem']);
  for (const file of ['root.key', 'index.txt', 'index.txt.attr', 'crlnumber', 'crlnumber.old', 'ca.cnf', 'ext.cnf']) rmSync(path.join(pki, file), { force: true });
}

const LABEL: ContainerLabel = { level: 'toiMat', caveats: ['Không sao chụp'], originator: 'Ban Cơ yếu Chính phủ', date: '2026-11-25', declassifyOn: '2036-11-25' };

type Recipient = 'recipient-ec' | 'recipient-rsa';
interface Vector {
  readonly file: string;
  readonly description: string;
  /** The key that opens it; a list: a token holding all of them, in whatever order it lists them. */
  readonly recipient: Recipient | readonly Recipient[];
  /** `recipient`: the fingerprint a recipientStanzaDamaged names. */
  readonly expect: { readonly ok: true; readonly sha256: string; readonly bytes: number; readonly fileName: string } | { readonly ok: false; readonly problem: string; readonly chunk?: number; readonly recipient?: string };
}

async function main(): Promise<void> {
  if (process.argv.includes('--new-pki') || !existsSync(path.join(pki, 'root.pem'))) makePki();
  const signer = opensslSigner(openssl, path.join(pki, 'signer.key'), readFileSync(path.join(pki, 'signer.pem'), 'utf8'));
  const der = (name: string) => new Uint8Array(pemToDer(readFileSync(path.join(pki, `${name}.pem`), 'utf8')));
  const vectors: Vector[] = [];
  const write = async (file: string, plaintext: Buffer, recipients: string[]) => {
    await encryptContainer({ source: { kind: 'stream', stream: Readable.from([plaintext]) }, output: path.join(dir, file), label: LABEL, metadata: { fileName: `${file}.txt`, mediaType: 'text/plain' }, recipients: recipients.map(der), signer, chain: [], version: 1 });
    return readFileSync(path.join(dir, file));
  };
  const good = (file: string, description: string, plaintext: Buffer, recipient: Vector['recipient']) =>
    vectors.push({ file, description, recipient, expect: { ok: true, sha256: createHash('sha256').update(plaintext).digest('hex'), bytes: plaintext.length, fileName: `${file}.txt` } });

  const empty = Buffer.alloc(0);
  await write('empty.alc', empty, ['recipient-ec']);
  good('empty.alc', 'empty plaintext: one empty last chunk', empty, 'recipient-ec');
  const text = Buffer.from('Kính gửi: các đồng chí trong Ban Thường vụ.\n');
  await write('short-rsa.alc', text, ['recipient-rsa']);
  good('short-rsa.alc', 'short text to an RSA-OAEP recipient', text, 'recipient-rsa');
  const exact = Buffer.alloc(CHUNK_SIZE, 0x61);
  await write('one-full-chunk.alc', exact, ['recipient-ec']);
  good('one-full-chunk.alc', 'exactly one full chunk: the last chunk is full, no empty chunk after it', exact, 'recipient-ec');
  const multi = Buffer.from(Array.from({ length: CHUNK_SIZE + 77 }, (_, index) => index % 251));
  const multiBytes = await write('two-chunks.alc', multi, ['recipient-ec', 'recipient-rsa']);
  good('two-chunks.alc', 'two chunks (one full, one short), two recipients (EC and RSA), opened by the EC one', multi, 'recipient-ec');
  vectors.push({ file: 'two-chunks.alc', description: 'the same file opened by the RSA recipient', recipient: 'recipient-rsa', expect: { ok: true, sha256: createHash('sha256').update(multi).digest('hex'), bytes: multi.length, fileName: 'two-chunks.alc.txt' } });

  // Negative vectors: each one kind of damage to two-chunks.alc.
  const layout = await inspectContainer(path.join(dir, 'two-chunks.alc'));
  const sealed = CHUNK_SIZE + TAG_SIZE;
  const payloadStart = layout.trailerStart - (sealed + 77 + TAG_SIZE);
  const trailer = multiBytes.subarray(layout.trailerStart);
  const bad = (file: string, description: string, bytes: Buffer, problem: string, chunk?: number, recipient: Vector['recipient'] = 'recipient-ec') => {
    writeFileSync(path.join(dir, file), bytes);
    vectors.push({ file, description, recipient, expect: { ok: false, problem, ...(chunk === undefined ? {} : { chunk }) } });
  };
  /** The same damaged file opened by another key: a second expectation, no second file. */
  const alsoOpenedBy = (file: string, description: string, recipient: Vector['recipient'], problem: string, damagedRecipient?: Recipient) =>
    vectors.push({ file, description, recipient, expect: { ok: false, problem, ...(damagedRecipient === undefined ? {} : { recipient: sha256Hex(der(damagedRecipient)) }) } });
  const flip = (offset: number) => {
    const copy = Buffer.from(multiBytes);
    copy[offset] = (copy[offset] ?? 0) ^ 0x01;
    return copy;
  };
  const labelAt = multiBytes.indexOf('"toiMat"');
  bad('bad-label.alc', 'label changed from toiMat to mat (re-encoded canonically): header MAC fails', Buffer.concat([multiBytes.subarray(0, labelAt), Buffer.from('"mat"'), multiBytes.subarray(labelAt + 8)]), 'headerTampered');
  bad('bad-header-mac.alc', 'one bit of the header MAC (still base64)', flip(layout.header.macInput.length + 2), 'headerTampered');
  bad('bad-metadata.alc', 'one bit of the encrypted metadata', flip(layout.header.length + 16 + 4 + 1), 'metadataTampered');
  bad('bad-chunk-1.alc', 'one bit in chunk 1 (the last)', flip(payloadStart + sealed + 10), 'chunkTampered', 1);
  bad('swapped-chunks.alc', 'chunks 0 and 1 swapped', Buffer.concat([multiBytes.subarray(0, payloadStart), multiBytes.subarray(payloadStart + sealed, layout.trailerStart), multiBytes.subarray(payloadStart, payloadStart + sealed), trailer]), 'chunkTampered', 0);
  bad('truncated-chunk-boundary.alc', 'last chunk dropped, trailer put back: chunk 0 is not flagged last', Buffer.concat([multiBytes.subarray(0, payloadStart + sealed), trailer]), 'truncated', 0);
  bad('truncated-no-trailer.alc', 'file cut after chunk 0', multiBytes.subarray(0, payloadStart + sealed), 'truncated');
  bad('bad-signature.alc', 'one bit of the signature value (canonical base64 kept)', (() => {
    const text = trailer.subarray(0, trailer.length - 12).toString('utf8');
    const value = /"signature":"([^"]+)"/.exec(text)?.[1] ?? '';
    const raw = Buffer.from(value, 'base64');
    raw[raw.length - 5] = (raw[raw.length - 5] ?? 0) ^ 0x01;
    const forged = Buffer.from(text.replace(value, raw.toString('base64')));
    const length = Buffer.alloc(4);
    length.writeUInt32BE(forged.length);
    return Buffer.concat([multiBytes.subarray(0, layout.trailerStart), forged, length, Buffer.from('AIRSIG01')]);
  })(), 'signatureBad');
  // A damaged stanza of the reader's own key is named as such (recipientStanzaDamaged), whatever the
  // order of the reader's keys; another key of the reader sees only that the header MAC fails.
  const both: Recipient[] = ['recipient-ec', 'recipient-rsa'];
  const stanzaDamage = (file: string, description: string, bytes: Buffer, owner: Recipient, other: Recipient) => {
    writeFileSync(path.join(dir, file), bytes);
    alsoOpenedBy(file, `${description}: opened by that key`, owner, 'recipientStanzaDamaged', owner);
    alsoOpenedBy(file, `${description}: opened by a token with both keys`, both, 'recipientStanzaDamaged', owner);
    alsoOpenedBy(file, `${description}: opened by the other key (header MAC)`, other, 'headerTampered');
  };
  stanzaDamage('bad-rsa-stanza.alc', 'one bit of the RSA-OAEP wrapped file key', damageStanza(multiBytes, 'rsa-oaep-sha256', 'wrappedBit'), 'recipient-rsa', 'recipient-ec');
  stanzaDamage('bad-rsa-stanza-range.alc', 'RSA wrapped key 0xff…: not below the modulus', damageStanza(multiBytes, 'rsa-oaep-sha256', 'wrappedAboveModulus'), 'recipient-rsa', 'recipient-ec');
  stanzaDamage('bad-ec-stanza.alc', 'one bit of the ECDH-ES AES-KW wrapped file key', damageStanza(multiBytes, 'ecdh-es-p256', 'wrappedBit'), 'recipient-ec', 'recipient-rsa');
  stanzaDamage('bad-ec-point.alc', 'one bit of the ECDH-ES ephemeral point: off the curve', damageStanza(multiBytes, 'ecdh-es-p256', 'pointBit'), 'recipient-ec', 'recipient-rsa');
  bad('bad-rsa-recipient.alc', "one hex digit of the RSA stanza's fingerprint: no longer addressed to the RSA key", damageStanza(multiBytes, 'rsa-oaep-sha256', 'recipientDigit'), 'headerTampered', undefined, both);
  alsoOpenedBy('bad-rsa-recipient.alc', 'the same, opened by the RSA key alone: indistinguishable from a file not for it', 'recipient-rsa', 'notRecipient');
  bad('not-recipient.alc', 'opened by a key it was not encrypted to', Buffer.from(readFileSync(path.join(dir, 'short-rsa.alc'))), 'notRecipient');
  bad('unknown-version.alc', 'version line airlock-container/3', Buffer.concat([Buffer.from('airlock-container/3'), multiBytes.subarray(19)]), 'unsupportedVersion');

  writeFileSync(path.join(dir, 'vectors.json'), `${JSON.stringify({ format: 'airlock-container/1', generated: new Date().toISOString(), trustAnchor: 'pki/root.pem', crl: 'pki/root.crl.pem', vectors }, null, 2)}\n`);
}

await main();
