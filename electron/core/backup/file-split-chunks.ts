import type { BlobWorkers, WorkerChunk } from './blob-workers.js';

/**
 * One large file chunked on several worker threads at once, with exactly the chunks of one thread
 * reading it in order (docs/backup-repository.md, "Speed"). Chain k starts at k/n of the file as if
 * a chunk began there. A content-defined cut depends only on the 32 bytes before it and the length
 * since the chunk's start, so two chains that once cut at the same offset cut alike from there on:
 * the file's chunks are chain 0's up to the first offset where it and a later chain both start a
 * chunk, then that chain's, and so on. Chain 0 is the file's from its first byte, so nothing rests
 * on a guess: a chain that never meets the one before it (a file of zeros cut only at the maximum,
 * say) is not used, and the chain before it runs on to the end.
 */

/** Files at least this long are split, into pieces of at least this half. */
export const SPLIT_FROM = 64 * 1024 * 1024;
/**
 * A later chain's first chunk bytes are held here, not stored, until the file's chunks are known:
 * a chain usually meets the one before it within its first few chunks, so what it cut before that
 * (chunks of no snapshot) is almost never stored. Past this, its chunks are stored as they come.
 */
export const HELD_BYTES = 8 * 1024 * 1024;

/** A chunk a chain cut: its id and length, and its bytes while held. */
export interface ChainChunk {
  readonly offset: number;
  readonly id: Buffer;
  readonly length: number;
  bytes?: Buffer;
}

/** What one chain cut, by offset, and where its file ended (when it read to the end). */
export interface ChainCuts {
  readonly chunks: ReadonlyMap<number, ChainChunk>;
  /** The end of the file as this chain read it; undefined when it was stopped before. */
  readonly end: number | undefined;
}

/**
 * The file's chunks in order from what the chains cut: at each offset, the chunk of the latest
 * chain that has one there. Undefined when the chains do not join up into one file (it changed
 * while they read it): the caller then reads it again on one thread.
 */
export function spliceChains(chains: readonly ChainCuts[]): ChainChunk[] | undefined {
  const file: ChainChunk[] = [];
  for (let at = 0; ; ) {
    let chunk: ChainChunk | undefined;
    for (let k = chains.length - 1; k >= 0 && chunk === undefined; k--) chunk = chains[k]?.chunks.get(at);
    if (chunk === undefined) return chains.some((chain) => chain.end === at) ? file : undefined;
    file.push(chunk);
    at += chunk.length;
  }
}

/** Chains for a file of `size` bytes on `threads` threads: one per 32 MiB or more, at most one per thread. */
export const chainCount = (size: number, threads: number): number => Math.max(1, Math.min(threads, Math.floor(size / (SPLIT_FROM / 2))));

interface Chain {
  readonly source: AsyncGenerator<WorkerChunk>;
  readonly chunks: Map<number, ChainChunk>;
  running: boolean;
  end: number | undefined;
  held: number;
  next: Promise<{ chain: Chain; step: IteratorResult<WorkerChunk> }> | undefined;
}

/**
 * Chunks `file` (`size` bytes at lstat) on `count` threads at once (chainCount). Yields the chunks
 * to store as they come (a later chain's first HELD_BYTES once the file's chunks are known) and
 * returns the file's chunks in order (spliceChains). A chain stops once a later one cut at an
 * offset it cut at too. Leaving early (a cancel, an error) stops every chain.
 */
export async function* splitFileChunks(workers: BlobWorkers, generation: number, file: Buffer, size: number, count: number): AsyncGenerator<WorkerChunk, ChainChunk[]> {
  const threads = workers.threadsByLoad();
  const chains: Chain[] = [];
  for (let k = 0; k < count; k++) {
    const from = Math.floor((k * size) / count);
    chains.push({ source: workers.chunks(generation, file, { from, thread: threads[k % threads.length] }), chunks: new Map(), running: true, end: undefined, held: 0, next: undefined });
  }
  const ask = (chain: Chain) => (chain.next ??= chain.source.next().then((step) => ({ chain, step })));
  const stop = (chain: Chain) => {
    chain.running = false;
    // Its pending step (taken or not) is dropped; return() ends the thread's job once that settles.
    chain.next?.catch(() => undefined);
    void chain.source.return(undefined).catch(() => undefined);
  };
  try {
    for (;;) {
      const running = chains.filter((chain) => chain.running);
      if (running.length === 0) break;
      const { chain, step } = await Promise.race(running.map(ask));
      chain.next = undefined;
      if (!chain.running) continue;
      const k = chains.indexOf(chain);
      if (step.done === true) {
        chain.running = false;
        const last = [...chain.chunks.values()].at(-1);
        chain.end = last === undefined ? Math.floor((k * size) / count) : last.offset + last.length;
        // This chain reached the end: a later one can only repeat it (or cut where no chain leads).
        for (const later of chains.slice(k + 1)) if (later.running) stop(later);
        continue;
      }
      const { id, bytes, offset } = step.value;
      const length = bytes.length;
      const held = k > 0 && chain.held + length <= HELD_BYTES;
      chain.chunks.set(offset, held ? { offset, id, length, bytes } : { offset, id, length });
      if (held) chain.held += length;
      // Met: the earlier of the two chains is no longer needed past here.
      for (const [j, other] of chains.entries()) if (j !== k && other.chunks.has(offset)) {
        const earlier = chains[Math.min(j, k)] as Chain;
        if (earlier.running) stop(earlier);
      }
      if (!held) yield step.value;
    }
  } finally {
    for (const chain of chains) if (chain.running) stop(chain);
  }
  const spliced = spliceChains(chains);
  if (spliced === undefined) return yield* oneThread(workers, generation, file);
  for (const chunk of spliced) {
    const bytes = chunk.bytes;
    if (bytes === undefined) continue;
    chunk.bytes = undefined;
    yield { id: chunk.id, bytes, offset: chunk.offset };
  }
  return spliced;
}

/** The file read again on one thread (it changed while the chains read it). */
async function* oneThread(workers: BlobWorkers, generation: number, file: Buffer): AsyncGenerator<WorkerChunk, ChainChunk[]> {
  const chunks: ChainChunk[] = [];
  for await (const chunk of workers.chunks(generation, file)) {
    chunks.push({ offset: chunk.offset, id: chunk.id, length: chunk.bytes.length });
    yield chunk;
  }
  return chunks;
}
