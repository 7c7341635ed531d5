// Child process for the large-file tests: encrypts a generated stream of BIG_BYTES bytes (never
// held whole), or verifies a container, and reports its own peak memory. Run under a small heap.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { CrlCache, MemoryCrlStore } from '../../electron/core/certificates/revocation.js';
import { TrustAnchors } from '../../electron/core/certificates/trust-anchors.js';
import { openContainer } from '../../electron/core/documents/container-reader.js';
import { encryptContainer } from '../../electron/core/documents/container-writer.js';
import { opensslSigner } from './openssl-signer.js';
import { runTool } from './softhsm/run-tool.js';
import { pemToDer } from './softhsm/test-pki.js';
import { recipientFromPem } from './software-recipient.js';

interface Job {
  readonly mode: 'encrypt' | 'verify';
  readonly container: string;
  readonly bytes: number;
  readonly recipientCert: string;
  readonly recipientKey: string;
  readonly signerCert: string;
  readonly signerKey: string;
  readonly intermediate: string;
  readonly root: string;
  readonly crls: readonly string[];
}

const job = JSON.parse(process.env['BIG_CONTAINER_JOB'] ?? '{}') as Job;
const MIB = 1024 * 1024;
const start = performance.now();

function* generated(total: number, hash: ReturnType<typeof createHash>): Generator<Buffer> {
  const block = randomBytes(MIB);
  for (let offset = 0, index = 0; offset < total; offset += MIB, index++) {
    const piece = Buffer.from(block.subarray(0, Math.min(MIB, total - offset)));
    piece.writeUInt32BE(index, 0); // every MiB differs
    hash.update(piece);
    yield piece;
  }
}

let report: Record<string, unknown>;
if (job.mode === 'encrypt') {
  const hash = createHash('sha256');
  const signer = opensslSigner((args) => runTool('openssl', args, {}), job.signerKey, readFileSync(job.signerCert, 'utf8'));
  const result = await encryptContainer({
    source: { kind: 'stream', stream: Readable.from(generated(job.bytes, hash), { objectMode: false }) },
    output: job.container,
    label: { level: 'mat', caveats: [], originator: 'Kiểm thử', date: '2026-11-25', declassifyOn: null },
    metadata: { fileName: 'big.bin', mediaType: 'application/octet-stream' },
    recipients: [new Uint8Array(pemToDer(readFileSync(job.recipientCert, 'utf8')))],
    signer,
    chain: [new Uint8Array(pemToDer(readFileSync(job.intermediate, 'utf8')))],
    sizeHint: job.bytes,
  });
  report = { sha256: hash.digest('hex'), containerBytes: result.containerBytes };
} else {
  const root = readFileSync(job.root, 'utf8');
  const crls = new CrlCache(new MemoryCrlStore());
  for (const crl of job.crls) await crls.import(readFileSync(crl), [root, readFileSync(job.intermediate, 'utf8')]);
  const opened = await openContainer({
    path: job.container,
    keys: [recipientFromPem(new Uint8Array(pemToDer(readFileSync(job.recipientCert, 'utf8'))), readFileSync(job.recipientKey, 'utf8'))],
    trust: { anchors: TrustAnchors.load([root]), intermediates: [], crls, now: () => new Date() },
    sink: { kind: 'discard' },
  });
  report = { sha256: opened.plaintextSha256, plaintextBytes: opened.plaintextBytes };
}
process.stdout.write(`${JSON.stringify({ ...report, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), seconds: (performance.now() - start) / 1000 })}\n`);
