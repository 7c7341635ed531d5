import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/** A SHA-256 fed from the main thread; for large files the hashing runs on the other core. */
export interface StreamHash {
  /** In order; the pieces may be reused or wiped as soon as the promise resolves. */
  update(pieces: readonly Uint8Array[]): Promise<void>;
  digest(): Promise<Buffer>;
  /** Stops a worker after a failure; safe to call twice. */
  dispose(): void;
}

/** Below this a worker's start-up (tens of ms) costs more than it saves. */
export const PARALLEL_HASH_THRESHOLD = 16 * 1024 * 1024;
/** Bytes in flight to the worker before update() waits: bounds memory whatever the file size. */
const MAX_IN_FLIGHT = 8 * 1024 * 1024;

// CommonJS, run by the worker as given: no file to resolve, the same under tsx, dist and Electron.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hash = createHash('sha256');
parentPort.on('message', (message) => {
  if (message === null) { parentPort.postMessage({ digest: hash.digest() }); return; }
  let done = 0;
  for (const piece of message) { hash.update(piece); done += piece.length; }
  parentPort.postMessage({ done });
});`;

export function streamHash(expectedBytes: number): StreamHash {
  return expectedBytes >= PARALLEL_HASH_THRESHOLD ? new WorkerHash() : localHash();
}

function localHash(): StreamHash {
  const hash = createHash('sha256');
  return {
    update: (pieces) => {
      for (const piece of pieces) hash.update(piece);
      return Promise.resolve();
    },
    digest: () => Promise.resolve(hash.digest()),
    dispose: () => undefined,
  };
}

/**
 * SHA-256 on a worker thread: the bytes are copied to it (structured clone; ~10 GB/s, far above
 * SHA-256's 1.4 GB/s), so the caller may reuse or wipe its buffers at once. At most 8 MiB wait in
 * flight; update() resolves when there is room.
 */
class WorkerHash implements StreamHash {
  readonly #worker = new Worker(WORKER_SOURCE, { eval: true });
  #inFlight = 0;
  #room: (() => void) | undefined;
  #digest: ((digest: Buffer) => void) | undefined;
  #failed: Error | undefined;

  constructor() {
    this.#worker.on('message', (message: { done?: number; digest?: Uint8Array }) => {
      if (message.digest !== undefined) return this.#digest?.(Buffer.from(message.digest));
      this.#inFlight -= message.done ?? 0;
      if (this.#inFlight <= MAX_IN_FLIGHT) this.#room?.();
    });
    this.#worker.on('error', (error) => {
      this.#failed = error;
      this.#room?.();
    });
  }

  async update(pieces: readonly Uint8Array[]): Promise<void> {
    if (this.#failed !== undefined) throw this.#failed;
    this.#inFlight += pieces.reduce((sum, piece) => sum + piece.length, 0);
    this.#worker.postMessage(pieces);
    if (this.#inFlight > MAX_IN_FLIGHT) await new Promise<void>((resolve) => (this.#room = resolve));
    this.#room = undefined;
    if (this.#failed !== undefined) throw this.#failed;
  }

  async digest(): Promise<Buffer> {
    const digest = new Promise<Buffer>((resolve) => (this.#digest = resolve));
    this.#worker.postMessage(null);
    try {
      return await digest;
    } finally {
      this.dispose();
    }
  }

  dispose(): void {
    void this.#worker.terminate();
  }
}
