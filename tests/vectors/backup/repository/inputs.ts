// The inputs of the repository vectors (generate.ts, repository-vectors.test.ts).

/** For the derived-key vectors: 00 01 … 1f, and a repository id. */
export const VECTOR_MASTER_KEY = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
export const VECTOR_KEY_ID = '000102030405060708090a0b0c0d0e0f';

export type VectorEntry =
  | { readonly type: 'dir'; readonly path: string; readonly mtime: number }
  | { readonly type: 'file'; readonly path: string; readonly base64: string; readonly mode: number; readonly mtime: number }
  | { readonly type: 'symlink'; readonly path: string; readonly target: string; readonly mtime: number };

const text = (value: string) => Buffer.from(value, 'utf8').toString('base64');
/** A small tree: Vietnamese names (one NFD), a duplicate, an empty file, a symlink; in creation order. */
export const VECTOR_TREE: readonly VectorEntry[] = [
  { type: 'dir', path: 'Công văn', mtime: 1_767_225_600.25 },
  { type: 'file', path: 'Công văn/số 1.txt', base64: text('Kính gửi: Sở Ngoại vụ.\n'.repeat(50)), mode: 0o640, mtime: 1_767_225_601.5 },
  { type: 'file', path: 'Công văn/bản sao số 1.txt', base64: text('Kính gửi: Sở Ngoại vụ.\n'.repeat(50)), mode: 0o600, mtime: 1_767_225_602.75 },
  { type: 'file', path: 'rỗng', base64: '', mode: 0o644, mtime: 1_767_225_603 },
  { type: 'file', path: 'Nguye\u0302\u0303n.txt', base64: text('NFD\n'), mode: 0o644, mtime: 1_767_225_604 },
  { type: 'symlink', path: 'liên kết', target: 'Công văn/số 1.txt', mtime: 1_767_225_605 },
];
