// Signing speed (issue #17), token excluded (a software key through openssl pkeyutl, one process
// per signature, as the token process would be one call): Airlock's PAdES signature of a 10 MB PDF
// (invisible, and with the visible block: its font subset embedded) and .p7s of a 100 MB file, side
// by side with `openssl cms -sign -binary` on the same files.
// Prints seconds (median of ROUNDS) and the ratio Airlock / openssl.
//   npm run bench -- signing        (ROUNDS=3 by default)
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, PDFName } from 'pdf-lib';
import { signFile } from '../electron/core/document-signing/document-signing.js';
import { opensslSigner } from '../tests/support/openssl-signer.js';
import { vectorTrust } from '../tests/vectors/messages/vector-trust.js';

const ROUNDS = Number(process.env['ROUNDS'] ?? 3);
const pki = path.resolve(import.meta.dirname, '../tests/vectors/container/pki');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const openssl = (args: readonly string[]) => Promise.resolve({ stdout: execFileSync('openssl', args, { encoding: 'utf8' }), stderr: '' });
const signer = opensslSigner(openssl, path.join(pki, 'signer.key'), await readFile(path.join(pki, 'signer.pem'), 'utf8'));
const trust = await vectorTrust();

async function seconds(work: () => unknown): Promise<number> {
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
}

/** A one-page PDF carrying `bytes` of incompressible image-like data, as a scanned document would. */
async function bigPdf(bytes: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage();
  const stream = doc.context.stream(randomBytes(bytes), { Type: 'XObject', Subtype: 'Image', Width: 1, Height: 1, BitsPerComponent: 8, ColorSpace: 'DeviceGray' });
  page.node.setXObject(PDFName.of('Scan'), doc.context.register(stream));
  return await doc.save({ useObjectStreams: false });
}

const dir = await mkdtemp(path.join(tmpdir(), 'airlock-bench-signing-'));
try {
  const pdf = path.join(dir, 'scan.pdf');
  writeFileSync(pdf, await bigPdf(10 * 1024 * 1024));
  const big = path.join(dir, 'archive.bin');
  writeFileSync(big, randomBytes(100 * 1024 * 1024));
  const rows: string[] = [];
  const block = { page: 0, x: 300, y: 60, width: 260, height: 70 };
  for (const [label, file, format, visible] of [
    ['PAdES, 10 MB PDF', pdf, 'pades', undefined],
    ['PAdES visible, 10 MB', pdf, 'pades', block],
    ['.p7s, 100 MB file', big, 'p7s', undefined],
  ] as const) {
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      ours.push(await seconds(() => signFile({ signer, chain: [], trust, input: file, format, output: path.join(dir, `out-${round}`), ...(visible === undefined ? {} : { visible }) })));
      theirs.push(await seconds(() => execFileSync('openssl', ['cms', '-sign', '-binary', '-outform', 'DER', '-md', 'sha256', '-in', file, '-signer', path.join(pki, 'signer.pem'), '-inkey', path.join(pki, 'signer.key'), '-out', path.join(dir, `openssl-${round}.p7s`)])));
    }
    const [a, b] = [median(ours), median(theirs)];
    rows.push(`${label.padEnd(20)} airlock ${a.toFixed(3)} s   openssl cms -sign ${b.toFixed(3)} s   ratio ${(a / b).toFixed(2)}x`);
  }
  process.stdout.write(`signing (median of ${ROUNDS}; software key, token excluded)\n${rows.join('\n')}\n`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
