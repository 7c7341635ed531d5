import { createHash } from 'node:crypto';
import { fdatasync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { writeFullyAt } from './positional-write.js';

/**
 * The thread of a version 1 WorkerPipeline (payload-pipeline.ts): the one SHA-256 over header ||
 * body, and the output file's writes. The hash runs on this thread; the writes are handed to
 * libuv's pool (the kernel's copy into the page cache then overlaps the hashing), each at its own
 * offset, and acknowledged only when done, so the caller's back-pressure covers them. A background
 * data sync every 64 MiB lets the disk work meanwhile, so the sync before the rename has little left.
 */
export type PayloadRequest = { readonly op: 'digest' } | { readonly op: 'drain' } | { readonly op?: undefined; readonly pieces: readonly Buffer[]; readonly hash?: boolean; readonly write?: boolean; readonly plaintext?: boolean };

export interface PayloadReply {
  readonly done?: number;
  readonly digest?: Uint8Array;
  readonly drained?: number;
  readonly failed?: { message: string; code?: string } | null;
}

const SYNC_EVERY = 64 * 1024 * 1024;
const port = parentPort;
if (port === null) throw new Error('payload-worker runs on a worker thread');
const fd = (workerData as { fd: number }).fd;
const hash = createHash('sha256');
let position = 0;
let unsynced = 0;
let syncing = false;
let writing = 0;
let failed: PayloadReply['failed'] = null;
let drainWaiting = false;
const fail = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  failed ??= { message: error instanceof Error ? error.message : String(error), ...(typeof code === 'string' ? { code } : {}) };
};
const send = (reply: PayloadReply) => port.postMessage(reply);

function answerDrain(): void {
  if (!drainWaiting || writing > 0 || syncing) return;
  drainWaiting = false;
  send({ drained: position, failed });
}

function syncSometimes(): void {
  if (unsynced < SYNC_EVERY || syncing || failed !== null) return;
  unsynced = 0;
  syncing = true;
  fdatasync(fd, (error) => {
    syncing = false;
    if (error !== null) fail(error);
    answerDrain();
  });
}

port.on('message', (message: PayloadRequest) => {
  if (message.op === 'digest') return send({ digest: hash.digest() });
  if (message.op === 'drain') {
    drainWaiting = true;
    return answerDrain();
  }
  const pieces = message.pieces;
  let bytes = 0;
  for (const piece of pieces) bytes += piece.length;
  const finish = () => {
    if (message.plaintext === true) for (const piece of pieces) piece.fill(0);
    send({ done: bytes, failed });
  };
  try {
    if (failed === null && message.hash === true) for (const piece of pieces) hash.update(piece);
  } catch (error) {
    fail(error);
  }
  if (message.write !== true || failed !== null) return finish();
  const at = position;
  position += bytes;
  unsynced += bytes;
  writing++;
  writeFullyAt(fd, pieces, at, (error) => {
    writing--;
    if (error !== null) fail(error);
    finish();
    syncSometimes();
    answerDrain();
  });
});
