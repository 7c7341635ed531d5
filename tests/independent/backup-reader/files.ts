// A repository folder read into memory (path relative to it → bytes), and damage helpers for negatives.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { sha256Hex } from './primitives.js';

export function readFolder(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (relative: string): void => {
    for (const name of readdirSync(path.join(root, relative))) {
      const inner = relative === '' ? name : `${relative}/${name}`;
      if (statSync(path.join(root, inner)).isDirectory()) walk(inner);
      else files.set(inner, readFileSync(path.join(root, inner)));
    }
  };
  walk('');
  return files;
}

export function flipped(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = (copy[at] as number) ^ 0x01;
  return copy;
}

/** `files` with `from` replaced by `bytes` under the name their hash gives (`folder/<h>`, packs `data/<h[0..2]>/<h>`). */
export function renamed(files: ReadonlyMap<string, Buffer>, from: string, bytes: Buffer): Map<string, Buffer> {
  const out = new Map(files);
  out.delete(from);
  const h = sha256Hex(bytes);
  const folder = from.split('/')[0] as string;
  out.set(folder === 'data' ? `data/${h.slice(0, 2)}/${h}` : `${folder}/${h}`, bytes);
  return out;
}
