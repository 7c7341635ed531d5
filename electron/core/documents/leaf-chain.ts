import { createHash } from 'node:crypto';

/** Version 2's leaves arrive in batches from any thread, in any order; they are folded into chunks-digest in chunk order. */
export class LeafChain {
  readonly #hash = createHash('sha256');
  readonly #waiting = new Map<number, Buffer>();
  #next = 0;
  put(first: number, leaves: Uint8Array): void {
    this.#waiting.set(first, Buffer.from(leaves.buffer, leaves.byteOffset, leaves.length));
    for (let ready = this.#waiting.get(this.#next); ready !== undefined; ready = this.#waiting.get(this.#next)) {
      this.#waiting.delete(this.#next);
      this.#hash.update(ready);
      this.#next += ready.length / 32;
    }
  }
  digest(): Buffer {
    if (this.#waiting.size > 0) throw new Error('a batch of leaves is missing');
    return this.#hash.digest();
  }
}
