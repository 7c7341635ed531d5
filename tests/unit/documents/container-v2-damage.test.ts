import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { CrlCache, MemoryCrlStore } from '../../../electron/core/certificates/revocation.js';
import { TrustAnchors } from '../../../electron/core/certificates/trust-anchors.js';
import { ContainerError } from '../../../electron/core/documents/container-error.js';
import { openContainer } from '../../../electron/core/documents/container-reader.js';
import { pemToDer } from '../../support/softhsm/test-pki.js';
import { recipientFromPem } from '../../support/software-recipient.js';

// docs/container.md "Why nobody but the signer can change a version 2 file", point 4: a changed
// byte anywhere in a version 2 file is refused, with the code of the part it hit. Issue #18 found
// version 1 accepting 4 of 300 damaged copies (bytes inside the trailer's second certificate);
// here several hundred positions of a committed version 2 vector with two trailer certificates,
// that certificate sampled densely.

const dir = path.resolve(import.meta.dirname, '../../vectors/container');
const original = readFileSync(path.join(dir, 'v2-three-chunks.alc'));
const scratch = mkdtempSync(path.join(tmpdir(), 'container-v2-damage-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The file's parts as the text lays them out, each with the codes a change there may give. */
function regions(bytes: Buffer) {
  const versionEnd = bytes.indexOf(0x0a);
  const headerEnd = bytes.indexOf('\n', bytes.indexOf('\n--- ') + 1) + 1;
  const metaLength = bytes.readUInt32BE(headerEnd + 16);
  const payloadStart = headerEnd + 20 + metaLength;
  const trailerLength = bytes.readUInt32BE(bytes.length - 12);
  const trailerStart = bytes.length - 12 - trailerLength;
  const trailerText = bytes.subarray(trailerStart, bytes.length - 12).toString('latin1');
  const certificates = (JSON.parse(trailerText) as { certificates: string[] }).certificates;
  const inTrailer = (text: string) => trailerStart + trailerText.indexOf(text);
  const [first = '', second = ''] = certificates;
  const form = ['signatureMissing', 'malformed'];
  const list = [
    { name: 'version line', from: 0, to: versionEnd + 1, codes: ['notContainer', 'unsupportedVersion', 'malformed'] },
    { name: 'header', from: versionEnd + 1, to: headerEnd, codes: ['malformed', 'headerTampered', 'notRecipient', 'recipientStanzaDamaged'] },
    { name: 'nonce', from: headerEnd, to: headerEnd + 16, codes: ['metadataTampered'] },
    { name: 'metadata length', from: headerEnd + 16, to: headerEnd + 20, codes: ['malformed', 'metadataTampered'] },
    { name: 'metadata', from: headerEnd + 20, to: payloadStart, codes: ['metadataTampered'] },
    ...[0, 1, 2].map((chunk) => ({ name: `chunk ${chunk}`, from: payloadStart + chunk * 65_552, to: Math.min(payloadStart + (chunk + 1) * 65_552, trailerStart), codes: [`chunkTampered@${chunk}`] })),
    // Inside the first certificate: no longer the signer line's fingerprint; inside the second: no longer the signed list.
    { name: 'signer certificate', from: inTrailer(first), to: inTrailer(first) + first.length, codes: [...form, 'signerMismatch'] },
    { name: 'second certificate', from: inTrailer(second), to: inTrailer(second) + second.length, codes: [...form, 'signatureBad'] },
    { name: 'trailer', from: trailerStart, to: bytes.length - 12, codes: [...form, 'signerMismatch', 'signatureBad', 'signatureHighS'] },
    { name: 'trailer length', from: bytes.length - 12, to: bytes.length - 8, codes: form },
    { name: 'magic', from: bytes.length - 8, to: bytes.length, codes: ['truncated'] },
  ];
  // The first region that holds a position names it (the certificates before the trailer as a whole).
  return { list, of: (position: number) => list.find((region) => position >= region.from && position < region.to) };
}

async function problemOf(file: string): Promise<string> {
  const pem = (name: string) => readFileSync(path.join(dir, name), 'utf8');
  const crls = new CrlCache(new MemoryCrlStore());
  await crls.import(pem('pki-ca/root.crl.pem'), [pem('pki-ca/root.pem')]);
  const key = recipientFromPem(new Uint8Array(pemToDer(pem('pki/recipient-ec.pem'))), pem('pki/recipient-ec.key'));
  try {
    await openContainer({ path: file, keys: [key], trust: { anchors: TrustAnchors.load([pem('pki-ca/root.pem')]), intermediates: [], crls, now: () => new Date() }, sink: { kind: 'memory', maxBytes: 1024 * 1024 } });
    return 'accepted';
  } catch (error) {
    if (!(error instanceof ContainerError)) return `other: ${String(error)}`;
    return error.detail.chunk === undefined || error.problem !== 'chunkTampered' ? error.problem : `${error.problem}@${error.detail.chunk}`;
  }
}

describe('version 2: every changed byte is refused with the code of the part it hit', () => {
  it('the undamaged vector opens (so a refusal below is the damage)', async () => {
    writeFileSync(path.join(scratch, 'whole.alc'), original);
    assert.equal(await problemOf(path.join(scratch, 'whole.alc')), 'accepted');
  });

  it('several hundred single-byte changes, the trailer certificates included', async () => {
    const { list, of } = regions(original);
    // Reproducible positions: 500 over the whole file, 100 inside the second certificate, 10 in every other part.
    let seed = 0x18;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const pick = (from: number, to: number, count: number) => Array.from({ length: count }, () => from + Math.floor(random() * (to - from)));
    const second = list.find((region) => region.name === 'second certificate');
    assert.ok(second && second.to - second.from > 400, 'the vector carries a second certificate');
    const positions = [...pick(0, original.length, 500), ...pick(second.from, second.to, 100), ...list.flatMap((region) => pick(region.from, region.to, 10))];
    const seen = new Map<string, number>();
    const wrong: string[] = [];
    for (const [round, position] of positions.entries()) {
      const damaged = Buffer.from(original);
      damaged[position] = (damaged[position] ?? 0) ^ (1 + Math.floor(random() * 255));
      const file = path.join(scratch, `damaged-${round}.alc`);
      writeFileSync(file, damaged);
      const problem = await problemOf(file);
      rmSync(file);
      const region = of(position);
      if (region === undefined || !region.codes.includes(problem)) wrong.push(`byte ${position} (${region?.name ?? '?'}): ${problem}`);
      const key = `${region?.name ?? '?'}: ${problem}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    process.stdout.write(`# ${positions.length} damaged copies: ${JSON.stringify(Object.fromEntries([...seen].sort()))}\n`);
    assert.deepEqual(wrong, [], 'every damaged copy refused with its part\'s code');
  });

  it('a changed byte inside a trailer certificate, the base64 kept valid and canonical: the signature catches it', async () => {
    // What version 1 let through: the trailer's text is still well-formed, only a certificate's DER differs.
    const trailerLength = original.readUInt32BE(original.length - 12);
    const trailerStart = original.length - 12 - trailerLength;
    const trailer = JSON.parse(original.subarray(trailerStart, original.length - 12).toString('utf8')) as { certificates: string[]; scheme: string; signature: string };
    let seed = 0x218;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const answers = new Map<string, number>();
    for (let round = 0; round < 160; round++) {
      const which = round % 4 === 0 ? 0 : 1; // mostly the second (unneeded) certificate, some the signer's
      const der = Buffer.from(trailer.certificates[which] ?? '', 'base64');
      const at = Math.floor(random() * der.length);
      der[at] = (der[at] ?? 0) ^ (1 + Math.floor(random() * 255));
      const certificates = trailer.certificates.map((item, index) => (index === which ? der.toString('base64') : item));
      const json = Buffer.from(JSON.stringify({ certificates, scheme: trailer.scheme, signature: trailer.signature })); // keys already in order, no escapes: canonical
      const length = Buffer.alloc(4);
      length.writeUInt32BE(json.length);
      const file = path.join(scratch, `certificate-${round}.alc`);
      writeFileSync(file, Buffer.concat([original.subarray(0, trailerStart), json, length, Buffer.from('AIRSIG02')]));
      const problem = await problemOf(file);
      rmSync(file);
      assert.equal(problem, which === 0 ? 'signerMismatch' : 'signatureBad', `certificate ${which}, DER byte ${at}`);
      answers.set(`${which}: ${problem}`, (answers.get(`${which}: ${problem}`) ?? 0) + 1);
    }
    process.stdout.write(`# 160 changed certificate bytes: ${JSON.stringify(Object.fromEntries(answers))}\n`);
  });
});
