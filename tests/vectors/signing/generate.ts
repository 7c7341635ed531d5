// Writes the committed signing vectors (docs/signing.md "Vectors"). Run by hand when the format
// changes: `node --import tsx tests/vectors/signing/generate.ts`. Signed with the container
// vectors' 100-year test PKI (tests/vectors/container/pki: test-only keys, never use them).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { StandardFonts } from 'pdf-lib';
import { createHash } from 'node:crypto';
import { SignPdf } from '@signpdf/signpdf';
import { Signer } from '@signpdf/utils';
import { sha256OfFile, signDetached } from '../../../electron/core/document-signing/document-cms.js';
import { signPdf } from '../../../electron/core/document-signing/pades-signing.js';
import { withIncrementalUpdate, withSignaturePlaceholder } from '../../../electron/core/document-signing/pdf-incremental-placeholder.js';
import { opensslSigner } from '../../support/openssl-signer.js';
import { textPdf } from '../../support/text-pdf.js';
import { vectorTrust } from '../messages/vector-trust.js';
import type { SigningVector } from './signing-vector.js';

const dir = import.meta.dirname;
const pki = path.join(dir, '..', 'container', 'pki');
const openssl = (args: readonly string[]) => Promise.resolve({ stdout: execFileSync('openssl', args, { cwd: dir, encoding: 'utf8' }), stderr: '' });
const pem = (name: string): string => readFileSync(path.join(pki, `${name}.pem`), 'utf8');
const ec = opensslSigner(openssl, path.join(pki, 'signer.key'), pem('signer'));
const rsa = opensslSigner(openssl, path.join(pki, 'recipient-rsa.key'), pem('recipient-rsa'), 'rsaPssSha256');
const trust = await vectorTrust();
const vectors: SigningVector[] = [];
const save = (vector: SigningVector, bytes: Uint8Array): void => {
  writeFileSync(path.join(dir, vector.file), bytes);
  vectors.push(vector);
};

const letter = textPdf([['Quyet dinh so 7/QD-UBND', 'Phe duyet ke hoach nam 2027']]);
writeFileSync(path.join(dir, 'letter.pdf'), letter);
const once = await signPdf(letter, { signer: ec, chain: [], trust });
save({ file: 'signed-ec.pdf', description: 'PAdES B-B, one ECDSA P-256 signature over the whole file', expect: { valid: true, coverage: ['wholeDocument'] } }, once);
const twice = await signPdf(await signPdf(letter, { signer: rsa, chain: [], trust }), { signer: ec, chain: [], trust });
save({ file: 'signed-twice.pdf', description: 'RSA-PSS then ECDSA, the second in an incremental update', expect: { valid: true, coverage: ['signaturesAppended', 'wholeDocument'] } }, twice);
const visible = await signPdf(await signPdf(letter, { signer: rsa, chain: [], trust }), { signer: ec, chain: [], trust, visible: { page: 0, x: 300, y: 60, width: 260, height: 70 } });
save({ file: 'signed-visible.pdf', description: 'RSA-PSS invisible, then ECDSA with the visible block (page 0, [300 60 560 130], DejaVu Sans subset) in its incremental update', expect: { valid: true, coverage: ['signaturesAppended', 'wholeDocument'] } }, visible);
const flipped = Buffer.from(once);
const at = flipped.indexOf('Quyet dinh');
flipped[at] = (flipped[at] ?? 0) ^ 0x01;
save({ file: 'tampered.pdf', description: 'signed-ec.pdf with one byte of its text changed', expect: { valid: false, problem: 'tampered' } }, flipped);
const appended = await withIncrementalUpdate(once, async (doc) => {
  doc.addPage().drawText('Added after signing', { font: await doc.embedFont(StandardFonts.Helvetica) });
});
save({ file: 'changed-after.pdf', description: 'signed-ec.pdf with a page appended in an unsigned incremental update', expect: { valid: false, problem: 'changedAfter', coverage: ['changesAppended'] } }, appended);

// The ByteRange moved one byte into the signature's gap, padded to its length: the gap is no longer exactly /Contents.
const text = Buffer.from(once).toString('latin1');
const range = /\/ByteRange \[0 (\d+) (\d+) (\d+)\]( *)/.exec(text);
if (range === null) throw new Error('no ByteRange');
const moved = `/ByteRange [0 ${Number(range[1]) - 1} ${range[2]} ${range[3]}]`;
const shifted = Buffer.from(text.replace(range[0], moved.padEnd(range[0].length, ' ')), 'latin1');
save({ file: 'byte-range-moved.pdf', description: 'signed-ec.pdf with its ByteRange ending one byte early (an unsigned byte before /Contents)', expect: { valid: false, problem: 'byteRangeInvalid' } }, shifted);
const strangerPem = readFileSync(path.join(dir, '..', 'messages', 'pki', 'unknown-signer.pem'), 'utf8');
const stranger = opensslSigner(openssl, path.join(dir, '..', 'messages', 'pki', 'unknown-signer.key'), strangerPem);
// Airlock refuses to sign with a certificate no pinned root vouches for, so signpdf is driven directly here.
class StrangerSigner extends Signer {
  override async sign(covered: Buffer): Promise<Buffer> {
    return Buffer.from(await signDetached({ signer: stranger, chain: [], trust }, createHash('sha256').update(covered).digest(), undefined));
  }
}
const placeholder = await withSignaturePlaceholder(letter, { name: 'Người ký không rõ', reason: '', location: '', signingTime: new Date() });
save({ file: 'unknown-signer.pdf', description: 'signed by a self-signed certificate no pinned root vouches for', expect: { valid: false, problem: 'unknownSigner' } }, await new SignPdf().sign(placeholder, new StrangerSigner()));

const content = path.join(dir, 'content.txt');
writeFileSync(content, 'Biên bản họp giao ban ngày 4/12/2026.\n');
writeFileSync(path.join(dir, 'content-changed.txt'), 'Biên bản họp giao ban ngày 5/12/2026.\n');
const p7s = await signDetached({ signer: ec, chain: [], trust }, await sha256OfFile(content), new Date());
save({ file: 'content.txt.p7s', content: 'content.txt', description: 'detached CAdES over content.txt, ECDSA, with signing time', expect: { valid: true } }, p7s);
vectors.push({ file: 'content.txt.p7s', content: 'content-changed.txt', description: 'the same .p7s against a changed file', expect: { valid: false, problem: 'tampered' } });
const p7sRsa = await signDetached({ signer: rsa, chain: [], trust }, await sha256OfFile(content), new Date());
save({ file: 'content.txt.rsa.p7s', content: 'content.txt', description: 'detached CAdES over content.txt, RSA-PSS', expect: { valid: true } }, p7sRsa);

writeFileSync(path.join(dir, 'vectors.json'), `${JSON.stringify({ vectors }, null, 2)}\n`);
