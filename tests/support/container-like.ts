import { randomBytes } from 'node:crypto';
import { VERSION_LINE } from '../../electron/core/documents/container-format.js';

/**
 * `size` bytes that start as an Airlock container does (its version line, docs/container.md) and are
 * random after: what the attachment transfer moves without looking further (the composer encrypts).
 */
export function containerLike(size: number): Buffer {
  const start = Buffer.from(`${VERSION_LINE}\n`);
  return Buffer.concat([start, randomBytes(size - start.length)]);
}
