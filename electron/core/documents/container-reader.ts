import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { signatureValid } from '../signing/token-signer.js';
import { certificateInfo } from '../certificates/certificate-info.js';
import { validateCertificate } from '../certificates/chain-validator.js';
import { sha256Hex } from '../certificates/parsed-certificate.js';
import type { RevocationSource } from '../certificates/revocation.js';
import type { TrustAnchors } from '../certificates/trust-anchors.js';
import type { CertificateInfo } from '../certificates/types.js';
import { safeFileName } from '../../../shared/domain/file-name.js';
import { AtomicOutput } from './atomic-output.js';
import type { PartJournal } from './part-journal.js';
import { ContainerError } from './container-error.js';
import { unwrapFileKey, type RecipientKey } from './file-key-unwrap.js';
import { PIPELINE_WORKER_THRESHOLD, localPipeline, payloadPipeline, type LocalPipeline, type PayloadPipeline } from './payload-pipeline.js';
import { openPayload } from './chunk-threads.js';
import { deriveKey, headerMac, macMatches, openChunk, openMetadata, signatureInput } from './container-crypto.js';
import { CHUNK_SIZE, MAX_HEADER_BYTES, NONCE_SIZE, SIGNER_SCHEMES, TAG_SIZE, canonicalBase64, parseHeader, trailerMagic, type ContainerLabel, type ParsedHeader } from './container-format.js';
import { V2_SCHEMES, certificatesDigest, checkValueSpelling, signatureInputV2, type V2SchemeName } from './container-signature.js';
import { canonicalJson } from '../signing/canonical-json.js';

const SEALED_CHUNK = CHUNK_SIZE + TAG_SIZE;
const MAX_TRAILER = 64 * 1024;
const MAX_METADATA = 64 * 1024 + TAG_SIZE;
const READ_AHEAD = 16 * SEALED_CHUNK;

const trailerOf = <Scheme extends z.ZodType<string>>(scheme: Scheme) => z.strictObject({ certificates: z.array(z.base64()).min(1).max(10), scheme, signature: z.base64() });
const TrailerV1 = trailerOf(z.enum(Object.keys(SIGNER_SCHEMES) as ['rsaPssSha256', 'ecdsaSha256']));
// Version 2: the header's spelling in the trailer too.
const TrailerV2 = trailerOf(z.enum(Object.values(V2_SCHEMES) as [V2SchemeName, ...V2SchemeName[]]));
type Trailer = z.infer<typeof TrailerV1> | z.infer<typeof TrailerV2>;
const Metadata = z.strictObject({ fileName: z.string().max(1024), mediaType: z.string().max(255), createdAt: z.iso.datetime() });
export type OpenedMetadata = z.infer<typeof Metadata>;

export type { RecipientKey } from './file-key-unwrap.js';

export interface SignerTrust {
  readonly anchors: TrustAnchors;
  readonly intermediates: readonly (string | Uint8Array)[];
  readonly crls: RevocationSource;
  readonly now: () => Date;
}

export type PlaintextSink = { readonly kind: 'memory'; readonly maxBytes: number } | { readonly kind: 'file'; readonly path: string; readonly journal?: PartJournal; readonly nameFromMetadata?: boolean } | { readonly kind: 'discard' };

export interface OpenOptions {
  readonly path: string;
  readonly keys: readonly RecipientKey[];
  readonly trust: SignerTrust;
  /** Zone policy: throws to refuse a label before any key is touched. */
  readonly gate?: (label: ContainerLabel) => void;
  readonly sink: PlaintextSink;
  readonly onProgress?: (doneBytes: number, totalBytes: number) => void;
  readonly signal?: AbortSignal;
}

export interface OpenedContainer {
  readonly label: ContainerLabel;
  readonly metadata: OpenedMetadata;
  readonly recipients: readonly string[];
  readonly signer: CertificateInfo;
  readonly plaintextBytes: number;
  /** Only for the memory sink, and only once every check passed. */
  readonly plaintext?: Buffer;
  /** For the file sink: where the plaintext was written (the first free name, never over a file). */
  readonly outputPath?: string;
  /** For the discard sink (verify): SHA-256 of the plaintext, to compare with a known copy. */
  readonly plaintextSha256?: string;
}

export interface ContainerLayout {
  readonly header: ParsedHeader;
  readonly size: number;
  readonly trailerStart: number;
  readonly trailer: Trailer;
}

/** What can be said without any key: the label, the recipients, who claims to have signed. */
export async function inspectContainer(path: string): Promise<ContainerLayout> {
  const handle = await open(path, 'r');
  try {
    return await readLayout(handle);
  } finally {
    await handle.close();
  }
}

/**
 * Opens a container in the order of docs/container.md "Opening": label (gate), key, header MAC,
 * metadata, every chunk, signature, signer's chain. Plaintext goes to the sink only after all of it.
 */
export async function openContainer(options: OpenOptions): Promise<OpenedContainer> {
  const handle = await open(options.path, 'r');
  let fileKey: Uint8Array | undefined;
  let payloadKey: Buffer | undefined;
  const collected: Buffer[] = [];
  const output = options.sink.kind === 'file' ? await AtomicOutput.create(options.sink.path, options.sink.journal) : undefined;
  let pipeline: PayloadPipeline | undefined;
  let outputPath: string | undefined;
  try {
    const layout = await readLayout(handle);
    const { header } = layout;
    options.gate?.(header.label);
    fileKey = await unwrapFileKey(header, options.keys);
    if (!macMatches(header.mac, headerMac(fileKey, header.macInput))) throw new ContainerError('headerTampered');

    // The pipeline hashes what is read (the signature covers the ciphertext) and writes the file sink.
    const v2 = header.version === 2;
    // Version 1: one SHA-256 stream (on a worker thread when large). Version 2: the chunks opened
    // and hashed into leaves here when small, on every core when large (chunk-threads.ts).
    const local: LocalPipeline | undefined = v2 ? localPipeline(output) : undefined;
    pipeline = local ?? payloadPipeline(layout.size, output);
    const parallel = v2 && layout.size >= PIPELINE_WORKER_THRESHOLD;
    // Version 1 hashes header || body as one stream on the pipeline; version 2 hashes what comes
    // before the payload here (prefix-digest) and the chunks into leaves on both threads.
    const prefixHash = createHash('sha256');
    const hashPrefix = async (bytes: Buffer) => (v2 ? void prefixHash.update(bytes) : pipeline?.hash([bytes]));
    const prefix = await readExactly(handle, header.length, NONCE_SIZE + 4);
    await hashPrefix(await readExactly(handle, 0, header.length));
    await hashPrefix(Buffer.from(prefix));
    const nonce = prefix.subarray(0, NONCE_SIZE);
    const metaLength = prefix.readUInt32BE(NONCE_SIZE);
    const metaStart = header.length + NONCE_SIZE + 4;
    if (metaLength < TAG_SIZE || metaLength > MAX_METADATA || metaStart + metaLength > layout.trailerStart) throw new ContainerError('malformed', { reason: 'metadata length' });
    const sealedMeta = await readExactly(handle, metaStart, metaLength);
    await hashPrefix(Buffer.from(sealedMeta));
    const metadata = parseMetadata(openMetadata(fileKey, nonce, sealedMeta));

    const payloadStart = metaStart + metaLength;
    const payloadLength = layout.trailerStart - payloadStart;
    const chunks = Math.max(1, Math.ceil(payloadLength / SEALED_CHUNK));
    const lastLength = payloadLength - (chunks - 1) * SEALED_CHUNK;
    if (payloadLength < TAG_SIZE || lastLength < TAG_SIZE) throw new ContainerError('truncated', { chunk: chunks - 1 });
    // Version 2: one chunking per plaintext, so no empty last chunk after a full one.
    if (v2 && chunks > 1 && lastLength === TAG_SIZE) throw new ContainerError('malformed', { reason: 'empty last chunk' });
    const plaintextTotal = payloadLength - chunks * TAG_SIZE;
    if (options.sink.kind === 'memory' && plaintextTotal > options.sink.maxBytes) throw new ContainerError('tooLargeForViewer');

    payloadKey = deriveKey(fileKey, nonce, 'payload');
    const plainHash = options.sink.kind === 'discard' ? createHash('sha256') : undefined;
    let done = 0;
    let chunksDigest: Buffer | undefined;
    if (parallel) {
      await output?.flush();
      const opened = await openPayload({
        input: handle.fd,
        start: payloadStart,
        end: layout.trailerStart,
        chunks,
        payloadKey,
        fd: output?.fd ?? -1,
        onPlaintext: (pieces) => {
          if (options.sink.kind === 'memory') collected.push(...pieces);
          else
            for (const piece of pieces) {
              plainHash?.update(piece);
              piece.fill(0);
            }
        },
        ...(output === undefined ? {} : { onWritten: (bytes: number) => output.noteWritten(bytes) }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        onProgress: (bytes) => options.onProgress?.(bytes, plaintextTotal),
      });
      output?.wroteElsewhere(opened.plaintextBytes);
      done = opened.plaintextBytes;
      chunksDigest = opened.chunksDigest;
    } else {
      // The next block is read while this one is opened: the disk and the cipher overlap. A fresh
      // buffer per read, because once its chunks are open it moves to the pipeline's thread whole.
      const readBlock = (at: number): Promise<Buffer> => {
        const block = readExactly(handle, at, Math.min(READ_AHEAD, layout.trailerStart - at));
        block.catch(() => undefined); // awaited below; a failure after an earlier error must not go unhandled
        return block;
      };
      let reading: Promise<Buffer> | undefined = readBlock(payloadStart);
      for (let index = 0, position = payloadStart; index < chunks; ) {
        if (options.signal?.aborted === true) throw new ContainerError('cancelled');
        const buffer: Buffer = await (reading ?? readBlock(position));
        const want = buffer.length;
        reading = position + want < layout.trailerStart ? readBlock(position + want) : undefined;
        const opened: Buffer[] = [];
        const first = index;
        for (let offset = 0; offset < want; index++) {
          const length = Math.min(SEALED_CHUNK, want - offset);
          const plaintext = openChunk(payloadKey, index, index === chunks - 1, buffer.subarray(offset, offset + length));
          offset += length;
          done += plaintext.length;
          if (output !== undefined) opened.push(plaintext);
          else if (options.sink.kind === 'memory') collected.push(plaintext);
          else {
            plainHash?.update(plaintext);
            plaintext.fill(0);
          }
        }
        if (opened.length > 0) await pipeline.write(opened, true);
        // The leaves are of the very bytes just opened (one read, no second look at the file).
        if (local !== undefined) await local.leaves([buffer], first, index === chunks, false);
        else await pipeline.hash([buffer]);
        position += want;
        options.onProgress?.(done, plaintextTotal);
      }

      if (local !== undefined) chunksDigest = await local.chunksDigest();
    }

    const signed = chunksDigest !== undefined ? signatureInputV2(prefixHash.digest(), chunksDigest, certificatesDigest(layout.trailer.certificates.map((item) => Buffer.from(item, 'base64')))) : signatureInput(await pipeline.digest());
    const signer = await checkSignature(layout, signed, options.trust);
    if (output !== undefined) {
      await pipeline.drain();
      // Named after the sender's file (signed, checked above) when asked; the first free name either way.
      outputPath = await output.commit(options.sink.kind === 'file' && options.sink.nameFromMetadata === true ? safeFileName(metadata.fileName, path.basename(options.sink.path)) : undefined);
    }
    return {
      ...(outputPath === undefined ? {} : { outputPath }),
      label: header.label,
      metadata,
      recipients: header.stanzas.map((stanza) => stanza.recipient),
      signer,
      plaintextBytes: done,
      ...(options.sink.kind === 'memory' ? { plaintext: Buffer.concat(collected, done) } : {}),
      ...(plainHash === undefined ? {} : { plaintextSha256: plainHash.digest('hex') }),
    };
  } catch (error) {
    // The pipeline's thread first: it may still be writing to the file.
    await pipeline?.dispose();
    for (const piece of collected) piece.fill(0);
    await output?.discard();
    throw error;
  } finally {
    await pipeline?.dispose();
    fileKey?.fill(0);
    payloadKey?.fill(0);
    await handle.close();
  }
}

async function readLayout(handle: FileHandle): Promise<ContainerLayout> {
  const { size } = await handle.stat();
  const head = await readExactly(handle, 0, Math.min(size, MAX_HEADER_BYTES));
  const header = parseHeader(head);
  if (size < header.length + 12) throw new ContainerError('truncated');
  const tail = await readExactly(handle, size - 12, 12);
  if (tail.subarray(4).toString('latin1') !== trailerMagic(header.version)) throw new ContainerError('truncated', { reason: 'no signature trailer at the end' });
  const trailerLength = tail.readUInt32BE(0);
  const trailerStart = size - 12 - trailerLength;
  if (trailerLength > MAX_TRAILER || trailerStart < header.length) throw new ContainerError('malformed', { reason: 'trailer length' });
  const text = (await readExactly(handle, trailerStart, trailerLength)).toString('utf8');
  let trailer: Trailer;
  try {
    trailer = (header.version === 1 ? TrailerV1 : TrailerV2).parse(JSON.parse(text));
  } catch {
    throw new ContainerError('signatureMissing');
  }
  // One spelling only: the trailer is outside what is signed, so any change to it must be refused by form.
  const canonical = canonicalJson(trailer) === text && [...trailer.certificates, trailer.signature].every((item) => canonicalBase64(item) !== undefined);
  if (!canonical) throw new ContainerError('malformed', { reason: 'trailer is not canonical' });
  return { header, size, trailerStart, trailer };
}

/** Step 7 then 8 of docs/container.md "Opening"; `signed` is the version's M. */
async function checkSignature(layout: ContainerLayout, signed: Buffer, trust: SignerTrust): Promise<CertificateInfo> {
  const [signerB64, ...chainB64] = layout.trailer.certificates;
  const signerDer = Buffer.from(signerB64 ?? '', 'base64');
  const { scheme } = layout.header.signer;
  const sameScheme = layout.header.version === 1 ? layout.trailer.scheme === scheme : layout.trailer.scheme === V2_SCHEMES[scheme];
  if (sha256Hex(signerDer) !== layout.header.signer.fingerprint || !sameScheme) throw new ContainerError('signerMismatch');
  const value = Buffer.from(layout.trailer.signature, 'base64');
  if (layout.header.version === 2) checkValueSpelling(V2_SCHEMES[scheme], signerDer, value);
  if (!signatureValid(scheme, signerDer, signed, value)) throw new ContainerError('signatureBad');
  const validation = await validateCertificate(signerDer, {
    anchors: trust.anchors,
    intermediates: [...chainB64.map((item) => Buffer.from(item, 'base64')), ...trust.intermediates],
    crls: trust.crls,
    at: trust.now(),
    purpose: 'signature',
  });
  if (validation.status !== 'valid') throw new ContainerError('signerInvalid', { reason: validation.reason });
  return certificateInfo(signerDer);
}

function parseMetadata(json: string): OpenedMetadata {
  try {
    return Metadata.parse(JSON.parse(json));
  } catch {
    throw new ContainerError('metadataTampered');
  }
}

async function readExactly(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  await readInto(handle, buffer, position, length);
  return buffer;
}

async function readInto(handle: FileHandle, buffer: Buffer, position: number, length: number): Promise<void> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) throw new ContainerError('truncated');
    done += bytesRead;
  }
}
