/**
 * Attachments over the JetStream object store (docs/messaging.md "Attachments"): a sender uploads
 * an already-encrypted container to its own bucket `ATT_<user>`, streamed from disk in the object
 * store's chunks; a recipient downloads it by the reference the signed message carries and keeps it
 * only if its size and SHA-256 are the signed ones. Both report progress and stop on an AbortSignal;
 * a failure leaves nothing behind that looks whole: no object without all its chunks (the object
 * exists only once its metadata is written last), no file at the target path.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Base64UrlPaddedCodec, Objm } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import type { ErrorCode } from '../../../shared/ipc/errors.js';
import { versionLine } from '../documents/container-format.js';
import { DomainError } from '../domain-error.js';
import { isPermissionViolation } from './connection-failure.js';
import type { AttachmentRef, AttachmentTransfer, TransferControl } from './messaging-ports.js';
import { MAX_ATTACHMENT_BYTES, attachmentProblem, fileNameValid } from './mime-parts.js';
import { attachmentBucket } from './subjects.js';

/** What the transfer needs of the connection: MessagingConnection fits. */
export interface ObjectStoreSource {
  readonly user: string;
  /** The live connection, or throws `messaging.notConnected`. */
  connection(): NatsConnection;
}

export interface ObjectStoreAttachmentsOptions {
  /** A download that receives nothing for this long has lost its server; default 15 s. */
  readonly stallMs?: number;
  /** One JetStream request's limit (a chunk's publish acknowledgement); default 10 s. */
  readonly requestTimeoutMs?: number;
  /**
   * Chunks no metadata names whose last chunk is older than this are a dead upload's (a server or
   * workstation lost mid-way; the object store could not purge them) and are purged before the next
   * upload; default 10 minutes, far beyond any live upload's pause between two chunks.
   */
  readonly orphanAgeMs?: number;
}

/** The object store's metadata record, as the server keeps it (the fields read here). */
interface StoredObjectInfo {
  readonly nuid: string;
  readonly size: number;
  readonly chunks: number;
  readonly deleted?: boolean;
}

const READ_CHUNK_BYTES = 128 * 1024;
/** What every Airlock container starts with (docs/container.md), version 1 or 2: anything else is not sent. */
const CONTAINER_STARTS = ([1, 2] as const).map((version) => Buffer.from(`${versionLine(version)}\n`, 'utf8'));
const isContainerStart = (bytes: Uint8Array): boolean => CONTAINER_STARTS.some((start) => Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, start.length)).equals(start));

export class ObjectStoreAttachments implements AttachmentTransfer {
  readonly #source: ObjectStoreSource;
  readonly #stallMs: number;
  readonly #timeout: number;
  readonly #orphanAgeMs: number;

  constructor(source: ObjectStoreSource, options: ObjectStoreAttachmentsOptions = {}) {
    this.#source = source;
    this.#stallMs = options.stallMs ?? 15_000;
    this.#timeout = options.requestTimeoutMs ?? 10_000;
    this.#orphanAgeMs = options.orphanAgeMs ?? 10 * 60_000;
  }

  /**
   * Uploads the container at `containerPath` (its base name is the file name the recipient sees) as
   * a new object named by a random UUID in the sender's bucket. The digest and size are of the bytes
   * actually sent. A file that does not start as an Airlock container is refused before its first
   * byte is sent (`messaging.attachmentNotContainer`). Cancelled: `messaging.transferCancelled`, and
   * the chunks already stored are purged.
   */
  async upload(containerPath: string, control: TransferControl = {}): Promise<AttachmentRef> {
    const fileName = path.basename(containerPath);
    if (!fileNameValid(fileName)) throw new DomainError('message.attachmentNameInvalid');
    const total = await stat(containerPath).then(
      (info) => info.size,
      (error: unknown) => Promise.reject(new DomainError('document.invalidPath', undefined, { cause: error })),
    );
    if (total > MAX_ATTACHMENT_BYTES) throw new DomainError('message.attachmentTooLarge');
    const { signal, onProgress } = control;
    if (signal?.aborted === true) throw new DomainError('messaging.transferCancelled');
    const bucket = attachmentBucket(this.#source.user);
    const object = randomUUID();
    const hash = createHash('sha256');
    let sent = 0;
    const file = createReadStream(containerPath, { highWaterMark: READ_CHUNK_BYTES });
    const chunks = file[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    // Pulled one chunk at a time: the store reads the next only after the last one's publish was acknowledged.
    const source = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          if (signal?.aborted === true) return controller.error(new DomainError('messaging.transferCancelled'));
          const next = await chunks.next();
          // Fail closed: a file that is not a container (plaintext picked by mistake) never reaches the server.
          if (sent === 0 && (next.done === true || !isContainerStart(next.value))) return controller.error(new DomainError('messaging.attachmentNotContainer'));
          if (next.done === true) return controller.close();
          hash.update(next.value);
          sent += next.value.length;
          onProgress?.(sent, total);
          controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.length));
        },
        cancel() {
          file.destroy();
        },
      },
      { highWaterMark: 0 },
    );
    try {
      const nc = this.#source.connection();
      await this.#sweepOrphans(nc, bucket);
      const store = await new Objm(jetstream(nc, { timeout: this.#timeout, checkAPI: false })).open(bucket, false);
      const info = await store.put({ name: object }, source, { timeout: this.#timeout });
      if (aborted(signal)) {
        // Cancelled while the metadata was being written: the object is whole, so it is deleted.
        await store.delete(object);
        throw new DomainError('messaging.transferCancelled');
      }
      if (info.size !== sent) throw new Error(`stored ${String(info.size)} bytes of ${String(sent)}`);
      return { fileName, size: sent, sha256: hash.digest('hex'), bucket, object };
    } catch (error) {
      throw transferError(error, signal, true);
    } finally {
      file.destroy();
    }
  }

  /**
   * Downloads the object `ref` names into a hidden part file beside `targetPath`, checks its size and
   * SHA-256 against the reference, then renames it into place. Nothing is left at either path on any
   * failure: `messaging.attachmentMissing`, `messaging.attachmentDamaged`, `messaging.transferCancelled`,
   * `messaging.transferInterrupted` (no data for the stall limit), `messaging.permissionDenied`.
   */
  async download(ref: AttachmentRef, targetPath: string, control: TransferControl = {}): Promise<void> {
    if (attachmentProblem(ref) !== undefined) throw new DomainError('message.attachmentRefInvalid');
    const { signal, onProgress } = control;
    if (signal?.aborted === true) throw new DomainError('messaging.transferCancelled');
    const part = path.join(path.dirname(targetPath), `.${path.basename(targetPath)}.${randomUUID()}.part`);
    let written = false;
    try {
      const nc = this.#source.connection();
      const info = await this.#storedInfo(nc, ref);
      const out = await open(part, 'wx', 0o600);
      written = true;
      const hash = createHash('sha256');
      let received = 0;
      try {
        if (info.size > 0) {
          const consumer = await jetstream(nc, { timeout: this.#timeout, checkAPI: false }).consumers.getPushConsumer(`OBJ_${ref.bucket}`, { filter_subjects: `$O.${ref.bucket}.C.${info.nuid}` });
          const messages = await consumer.consume();
          let stopped: ErrorCode | undefined;
          const stop = (why: ErrorCode): void => {
            stopped ??= why;
            void messages.stop();
          };
          let stall = setTimeout(() => stop('messaging.transferInterrupted'), this.#stallMs);
          const onAbort = (): void => stop('messaging.transferCancelled');
          signal?.addEventListener('abort', onAbort);
          try {
            for await (const message of messages) {
              clearTimeout(stall);
              stall = setTimeout(() => stop('messaging.transferInterrupted'), this.#stallMs);
              received += message.data.length;
              if (received > ref.size) throw new DomainError('messaging.attachmentDamaged');
              hash.update(message.data);
              await out.write(message.data);
              onProgress?.(received, ref.size);
              if (message.info.pending === 0 || stopped !== undefined) break;
            }
          } finally {
            clearTimeout(stall);
            signal?.removeEventListener('abort', onAbort);
            void messages.stop();
          }
          if (stopped !== undefined) throw new DomainError(stopped);
        }
        await out.sync();
      } finally {
        await out.close();
      }
      if (received !== ref.size || hash.digest('hex') !== ref.sha256) throw new DomainError('messaging.attachmentDamaged');
      await rename(part, targetPath);
    } catch (error) {
      if (written) await rm(part, { force: true });
      throw transferError(error, signal, false);
    }
  }

  /**
   * Purges the chunks of uploads that died before their metadata was written (the object never
   * existed for readers; this gives the space back before the bucket's 30 days would). Housekeeping:
   * a failure here does not stop the upload.
   */
  async #sweepOrphans(nc: NatsConnection, bucket: string): Promise<void> {
    const stream = `OBJ_${bucket}`;
    const chunkPrefix = `$O.${bucket}.C.`;
    try {
      const jsm = await jetstreamManager(nc, { timeout: this.#timeout, checkAPI: false });
      const subjects = Object.keys((await jsm.streams.info(stream, { subjects_filter: `$O.${bucket}.>` })).state.subjects ?? {});
      const named = new Set<string>();
      for (const meta of subjects.filter((subject) => subject.startsWith(`$O.${bucket}.M.`))) {
        const record = await jsm.direct.getMessage(stream, { last_by_subj: meta });
        if (record !== null) named.add(record.json<StoredObjectInfo>().nuid);
      }
      for (const chunks of subjects.filter((subject) => subject.startsWith(chunkPrefix) && !named.has(subject.slice(chunkPrefix.length)))) {
        const last = await jsm.streams.getMessage(stream, { last_by_subj: chunks });
        if (last !== null && Date.now() - last.time.getTime() >= this.#orphanAgeMs) await jsm.streams.purge(stream, { filter: chunks });
      }
    } catch {
      // The upload itself reports the connection's state.
    }
  }

  /** The object's metadata by direct get of its last record (the permission names the subject). */
  async #storedInfo(nc: NatsConnection, ref: AttachmentRef): Promise<StoredObjectInfo> {
    const jsm = await jetstreamManager(nc, { timeout: this.#timeout, checkAPI: false });
    const record = await jsm.direct.getMessage(`OBJ_${ref.bucket}`, { last_by_subj: `$O.${ref.bucket}.M.${Base64UrlPaddedCodec.encode(ref.object)}` });
    if (record === null) throw new DomainError('messaging.attachmentMissing');
    const info = record.json<StoredObjectInfo>();
    if (info.deleted === true) throw new DomainError('messaging.attachmentMissing');
    if (info.size !== ref.size || typeof info.nuid !== 'string') throw new DomainError('messaging.attachmentDamaged');
    return info;
  }
}

/** Read at call time (the compiler would otherwise keep an earlier check's narrowing). */
function aborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

/**
 * The user's answer for a failed transfer: a DomainError as is, else cancelled, the local file (the
 * container to upload unreadable, the target folder unwritable), refused by the server, or interrupted.
 */
function transferError(error: unknown, signal: AbortSignal | undefined, upload: boolean): DomainError {
  if (error instanceof DomainError) return error;
  if (signal?.aborted === true) return new DomainError('messaging.transferCancelled', undefined, { cause: error });
  if (typeof (error as NodeJS.ErrnoException).syscall === 'string') return new DomainError(upload ? 'document.invalidPath' : 'document.folderNotWritable', undefined, { cause: error });
  if (isPermissionViolation(error)) return new DomainError('messaging.permissionDenied', undefined, { cause: error });
  if (/stream not found/i.test(String((error as Error).message))) return new DomainError('messaging.attachmentMissing', undefined, { cause: error });
  return new DomainError('messaging.transferInterrupted', undefined, { cause: error });
}
