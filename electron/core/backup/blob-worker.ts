import { parentPort } from 'node:worker_threads';
import { BackupFormatError } from './backup-format-error.js';
import { openBlob, sealBlob, type BlobKeys, type BlobType } from './blob-codec.js';

/**
 * A worker thread of BlobWorkers (blob-workers.ts): seals and opens blobs (compression, AES-GCM,
 * the id check) off the main thread. Holds copies of the seal and blob-id keys of each generation,
 * overwritten with zeros on `wipe` before the thread is ended.
 */
export type WorkerRequest =
  | { readonly op: 'keys'; readonly generations: readonly { generation: number; sealKey: Uint8Array; blobIdKey: Uint8Array }[] }
  | { readonly op: 'seal'; readonly n: number; readonly generation: number; readonly type: BlobType; readonly id: Uint8Array; readonly bytes: Uint8Array }
  | { readonly op: 'open'; readonly n: number; readonly generation: number; readonly type: BlobType; readonly id: Uint8Array; readonly bytes: Uint8Array; readonly object: string }
  | { readonly op: 'wipe' };

export interface WorkerReply {
  readonly n: number;
  readonly bytes?: Uint8Array;
  readonly error?: { readonly problem?: BackupFormatError['problem']; readonly object?: string; readonly detail?: string; readonly message: string };
}

const keys = new Map<number, BlobKeys & { sealKey: Buffer; chunker: { blobIdKey: Buffer } }>();
const port = parentPort;
if (port === null) throw new Error('blob-worker runs on a worker thread');

const bufferOf = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
/** The result's own memory when it has it all (transferred, not copied), else a copy that does. */
const owned = (bytes: Buffer): Uint8Array => (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes));

port.on('message', (request: WorkerRequest) => {
  if (request.op === 'keys') {
    for (const g of request.generations) keys.set(g.generation, { sealKey: bufferOf(g.sealKey), chunker: { blobIdKey: bufferOf(g.blobIdKey) } });
    return;
  }
  if (request.op === 'wipe') {
    for (const k of keys.values()) {
      k.sealKey.fill(0);
      k.chunker.blobIdKey.fill(0);
    }
    keys.clear();
    port.postMessage({ n: -1 } satisfies WorkerReply);
    return;
  }
  try {
    const generation = keys.get(request.generation);
    if (generation === undefined) throw new Error(`no keys of generation ${request.generation} on this thread`);
    const id = bufferOf(request.id);
    const result = request.op === 'seal' ? sealBlob(generation, request.type, id, request.bytes) : openBlob(generation, request.type, id, request.bytes, request.object);
    const bytes = owned(result);
    port.postMessage({ n: request.n, bytes } satisfies WorkerReply, [bytes.buffer as ArrayBuffer]);
  } catch (error) {
    const failure = error instanceof BackupFormatError ? { problem: error.problem, object: error.object, detail: error.detail, message: error.message } : { message: String(error) };
    port.postMessage({ n: request.n, error: failure } satisfies WorkerReply);
  }
});
