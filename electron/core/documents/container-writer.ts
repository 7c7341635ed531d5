import { createHash, randomBytes } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { signAndCheck, type TokenSigner } from '../signing/token-signer.js';
import { canonicalJson } from '../signing/canonical-json.js';
import { sha256Hex } from '../certificates/parsed-certificate.js';
import { wrapKeyFor } from '../crypto/key-wrap.js';
import { AtomicOutput } from './atomic-output.js';
import type { PartJournal } from './part-journal.js';
import { chunksOf } from './chunker.js';
import { ContainerError } from './container-error.js';
import { PIPELINE_WORKER_THRESHOLD, localPipeline, payloadPipeline, type PayloadPipeline } from './payload-pipeline.js';
import { sealPayload, type SealSource } from './chunk-threads.js';
import { FILE_KEY_INFO, deriveKey, headerMac, sealChunk, sealMetadata, signatureInput } from './container-crypto.js';
import { MAX_STANZAS, NONCE_SIZE, WRITE_VERSION, macLine, serializeHeaderForMac, trailerMagic, type ContainerLabel, type ContainerVersion, type Stanza } from './container-format.js';
import { V2_SCHEMES, certificatesDigest, lowSValue, signatureInputV2 } from './container-signature.js';

export interface ContainerMetadata {
  readonly fileName: string;
  readonly mediaType: string;
}

/**
 * The plaintext, never held whole: a file by its path (a large one read by the sealing threads
 * themselves, each batch at its offset) or a stream (a generated one, bytes in memory).
 */
export type PlaintextSource = { readonly kind: 'file'; readonly path: string } | { readonly kind: 'stream'; readonly stream: AsyncIterable<Uint8Array> };

export interface EncryptOptions {
  readonly source: PlaintextSource;
  readonly output: string;
  readonly label: ContainerLabel;
  readonly metadata: ContainerMetadata;
  /** Recipients' certificates (DER), the organisation's recovery certificate among them when policy names one. */
  readonly recipients: readonly Uint8Array[];
  /** The sender's token key and certificate. */
  readonly signer: TokenSigner;
  /** Intermediates to embed after the signer's certificate, so recipients can build the chain. */
  readonly chain: readonly Uint8Array[];
  readonly onProgress?: (plaintextBytes: number) => void;
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
  /** A stream's size when known: a large one is sealed on every core (a file's own size decides for it). */
  readonly sizeHint?: number;
  /** Notes the temporary file while it exists, so a crash's leftover is swept at the next unlock. */
  readonly journal?: PartJournal;
  /** Version 2 unless told (version 1 only for its vectors and the bench's side-by-side rows). */
  readonly version?: ContainerVersion;
}

export interface EncryptResult {
  readonly output: string;
  readonly plaintextBytes: number;
  readonly containerBytes: number;
  readonly recipients: readonly string[];
}

/**
 * Streams `source` into a container at `output` (docs/container.md). Memory stays at a few chunks
 * whatever the size; the file appears only complete and signed. The file key and derived keys
 * are wiped when done, whatever happens.
 */
export async function encryptContainer(options: EncryptOptions): Promise<EncryptResult> {
  if (options.recipients.length === 0 || options.recipients.length > MAX_STANZAS) throw new Error(`a container needs 1 to ${MAX_STANZAS} recipients`);
  const fileKey = randomBytes(32);
  const nonce = randomBytes(NONCE_SIZE);
  const payloadKey = deriveKey(fileKey, nonce, 'payload');
  const output = await AtomicOutput.create(options.output, options.journal);
  const version = options.version ?? WRITE_VERSION;
  // Version 1: one SHA-256 stream (on a worker thread when large). Version 2: the header and
  // trailer written here, the chunks sealed and hashed here when small, on every core when large.
  let plaintextFile: FileHandle | undefined;
  let started: PayloadPipeline | undefined; // for the clean-up below
  try {
    const source = options.source;
    const plaintext: Plaintext = source.kind === 'file' ? await openPlaintext(source.path) : { stream: () => source.stream };
    plaintextFile = plaintext.handle;
    const size = plaintext.size ?? options.sizeHint ?? 0;
    const local = version === 2 ? localPipeline(output) : undefined;
    const pipeline: PayloadPipeline = (started = local ?? payloadPipeline(size, output));
    const parallel = local !== undefined && size >= PIPELINE_WORKER_THRESHOLD;
    const stanzas: Stanza[] = options.recipients.map((certificate) => {
      const wrapped = wrapKeyFor(fileKey, certificate, FILE_KEY_INFO);
      return { scheme: wrapped.scheme === 'rsa-oaep-sha256' ? 'rsa-oaep-sha256' : 'ecdh-es-p256', recipient: wrapped.recipient, ephemeral: wrapped.ephemeral, wrapped: wrapped.wrapped };
    });
    const macInput = serializeHeaderForMac({ label: options.label, signer: { scheme: options.signer.scheme, fingerprint: sha256Hex(options.signer.certificateDer) }, stanzas }, version);
    // Sealed pieces go out in batches of about 1 MiB: one message to the hash and the writer, one
    // writev. Version 1 hashes them as one stream; version 2 hashes each chunk into its leaf, so a
    // batch holds whole chunks and knows the number of its first.
    let batch: Buffer[] = [];
    let batchBytes = 0;
    let batchFirst = 0;
    const prefixHash = createHash('sha256');
    const send = async (endsLast = false): Promise<void> => {
      const pieces = batch;
      batch = [];
      batchBytes = 0;
      if (local === undefined) await pipeline.hashAndWrite(pieces);
      else if (pieces.length > 0) await local.leaves(pieces, batchFirst, endsLast, true);
    };
    // Before the payload: version 2 hashes it here (prefix-digest), version 1 with the rest.
    const prefix = async (bytes: Buffer | Uint8Array): Promise<void> => {
      if (version === 1) batch.push(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes));
      else {
        prefixHash.update(bytes);
        await pipeline.write([Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes)]);
      }
    };
    // Pieces passed on may move to the pipeline's thread: copies of what is still needed here.
    await prefix(Buffer.from(macInput));
    await prefix(macLine(headerMac(fileKey, macInput)));
    await prefix(Buffer.from(nonce));
    const meta = sealMetadata(fileKey, nonce, canonicalJson({ ...options.metadata, createdAt: (options.now?.() ?? new Date()).toISOString() }));
    const length = Buffer.alloc(4);
    length.writeUInt32BE(meta.length);
    await prefix(length);
    await prefix(meta);

    let plaintextBytes = 0;
    let chunksDigest: Buffer | undefined;
    if (parallel) {
      await output.flush();
      const input: SealSource = plaintext.handle !== undefined && plaintext.size !== undefined ? { kind: 'file', fd: plaintext.handle.fd, size: plaintext.size } : { kind: 'stream', stream: plaintext.stream() };
      const sealed = await sealPayload({ source: input, payloadKey, fd: output.fd, at: output.bytesWritten, onWritten: (bytes) => output.noteWritten(bytes), ...(options.signal === undefined ? {} : { signal: options.signal }), ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }) });
      output.wroteElsewhere(sealed.sealedBytes);
      plaintextBytes = sealed.plaintextBytes;
      chunksDigest = sealed.chunksDigest;
    } else {
      let index = 0;
      for await (const chunk of chunksOf(plaintext.stream())) {
        if (options.signal?.aborted === true) throw new ContainerError('cancelled');
        if (batchBytes === 0) batchFirst = index;
        const [body, tag] = sealChunk(payloadKey, index, chunk.last, chunk.bytes);
        batch.push(body, tag);
        batchBytes += body.length + tag.length;
        plaintextBytes += chunk.bytes.length;
        index++;
        if (batchBytes >= 1024 * 1024 || chunk.last) await send(chunk.last);
        options.onProgress?.(plaintextBytes);
      }
      chunksDigest = await local?.chunksDigest();
    }

    const certificates = [options.signer.certificateDer, ...options.chain];
    const signed = chunksDigest === undefined ? signatureInput(await pipeline.digest()) : signatureInputV2(prefixHash.digest(), chunksDigest, certificatesDigest(certificates));
    const signature = await signAndCheck(options.signer, signed);
    const trailer = Buffer.from(
      canonicalJson({
        certificates: certificates.map((der) => Buffer.from(der).toString('base64')),
        scheme: version === 1 ? options.signer.scheme : V2_SCHEMES[options.signer.scheme],
        // Version 2 has one spelling of an ECDSA value: low S (docs/container.md).
        signature: Buffer.from(version === 1 ? signature : lowSValue(options.signer.scheme, signature)).toString('base64'),
      }),
    );
    const trailerLength = Buffer.alloc(4);
    trailerLength.writeUInt32BE(trailer.length);
    await pipeline.write([Buffer.concat([trailer, trailerLength, Buffer.from(trailerMagic(version))])]);
    await pipeline.drain();
    if (options.signal?.aborted === true) throw new ContainerError('cancelled');
    // The first free name: "x.alc", else "x (2).alc"… (atomic-output.ts): never over an existing file.
    const written = await output.commit();
    return { output: written, plaintextBytes, containerBytes: pipeline.bytesWritten, recipients: stanzas.map((stanza) => stanza.recipient) };
  } catch (error) {
    // The pipeline's thread first: it may still be writing to the file.
    await started?.dispose();
    await output.discard();
    throw error;
  } finally {
    await plaintextFile?.close();
    await started?.dispose();
    fileKey.fill(0);
    payloadKey.fill(0);
  }
}

/** The plaintext to seal: a file's handle (closed by the caller) and a regular file's size. */
interface Plaintext {
  readonly handle?: FileHandle;
  readonly size?: number;
  readonly stream: () => AsyncIterable<Uint8Array>;
}

/**
 * A plaintext file, open: a regular file's size lets the sealing threads read it at their batches'
 * offsets; anything else (a pipe, a device: no size to go by) is read in order as a stream.
 */
async function openPlaintext(file: string): Promise<Plaintext> {
  const handle = await open(file, 'r');
  try {
    const stat = await handle.stat();
    // Not closed by the stream: the caller closes the handle whatever happens.
    const stream = () => handle.createReadStream({ highWaterMark: 1024 * 1024, autoClose: false });
    return stat.isFile() ? { handle, size: stat.size, stream } : { handle, stream };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
