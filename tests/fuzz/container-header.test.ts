import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ContainerError } from '../../electron/core/documents/container-error.js';
import { parseHeader } from '../../electron/core/documents/container-format.js';

// Mutation fuzzing of the container header parser: a million inputs derived from the committed
// corpus (real headers and edge cases). Any throw other than a ContainerError is a crash. A hang
// would trip the test runner's timeout; the slowest input is reported, not asserted (speed is for
// bench/). Set FUZZ_SEED to replay a run; FUZZ_RUNS to change its length.

const corpusDir = path.join(import.meta.dirname, 'container-header', 'corpus');
const corpus = readdirSync(corpusDir).sort().map((name) => readFileSync(path.join(corpusDir, name)));
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 1_000_000);
const SEED = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31);

/** xorshift32: reproducible from the seed, fast enough for a million inputs. */
function random(seed: number): () => number {
  let state = seed || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

const TOKENS = ['\n', ' ', '-> ', '--- ', 'label ', 'signer ', 'rsa-oaep-sha256', 'ecdh-es-p256', 'ecdsa-p256-sha256', '{', '}', '"level":"tuyetMat"', '=', '==', '\r', '\u0000', 'airlock-container/1\n', 'airlock-container/2\n', 'A'.repeat(300)];

function mutate(input: Buffer, next: () => number): Buffer {
  const pick = (n: number) => Math.floor(next() * n);
  let bytes = Buffer.from(input);
  for (let round = 1 + pick(4); round > 0; round--) {
    const at = pick(bytes.length + 1);
    switch (pick(7)) {
      case 0: // flip bits
        if (bytes.length > 0) bytes[Math.min(at, bytes.length - 1)] = (bytes[Math.min(at, bytes.length - 1)] ?? 0) ^ (1 << pick(8));
        break;
      case 1: // random byte
        if (bytes.length > 0) bytes[Math.min(at, bytes.length - 1)] = pick(256);
        break;
      case 2: // delete a run
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1 + pick(64))]);
        break;
      case 3: // insert a grammar token
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(TOKENS[pick(TOKENS.length)] ?? ''), bytes.subarray(at)]);
        break;
      case 4: // duplicate a run (repeated lines, stanzas)
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at, at + pick(200)), bytes.subarray(at)]);
        break;
      case 5: // truncate
        bytes = bytes.subarray(0, at);
        break;
      default: // splice with another corpus entry
        bytes = Buffer.concat([bytes.subarray(0, at), (corpus[pick(corpus.length)] ?? Buffer.alloc(0)).subarray(pick(400))]);
    }
  }
  return bytes;
}

describe(`container header parser fuzz: ${RUNS} generated inputs (seed ${SEED})`, () => {
  it('every corpus entry that is a real header parses', () => {
    assert.ok(corpus.length >= 5);
    for (const name of ['empty.header', 'short-rsa.header', 'two-chunks.header']) parseHeader(readFileSync(path.join(corpusDir, name)));
  });

  it('never crashes: each input parses or throws a ContainerError', () => {
    const next = random(SEED);
    const outcomes = new Map<string, number>();
    let slowest = { ms: 0, index: -1 };
    for (let index = 0; index < RUNS; index++) {
      const base = corpus[Math.floor(next() * corpus.length)] ?? Buffer.alloc(0);
      const input = next() < 0.02 ? Buffer.from(Array.from({ length: Math.floor(next() * 512) }, () => Math.floor(next() * 256))) : mutate(base, next);
      const start = performance.now();
      try {
        parseHeader(input);
        outcomes.set('parsed', (outcomes.get('parsed') ?? 0) + 1);
      } catch (error) {
        if (!(error instanceof ContainerError)) assert.fail(`input ${index} (seed ${SEED}) crashed the parser: ${String(error)}\n${input.toString('base64')}`);
        outcomes.set(error.problem, (outcomes.get(error.problem) ?? 0) + 1);
      }
      const ms = performance.now() - start;
      if (ms > slowest.ms) slowest = { ms, index };
    }
    process.stdout.write(`# fuzz: ${RUNS} inputs, seed ${SEED}, outcomes ${JSON.stringify(Object.fromEntries(outcomes))}, slowest ${slowest.ms.toFixed(2)} ms (input ${slowest.index})\n`);
    assert.ok((outcomes.get('parsed') ?? 0) > 0, 'some mutants still parse: the fuzzer reaches past the first checks');
  });
});
