import { z } from 'zod';
import { DomainError } from '../domain-error.js';
import { BackupFormatError } from './backup-format-error.js';

/** One entry of a directory's tree blob (docs/backup-repository.md, "Snapshots and trees"). */
const HEX64 = z.string().regex(/^[0-9a-f]{64}$/);
const NS = z.string().regex(/^\d{1,25}$/);
const Common = { name: z.string().optional(), nameBytes: z.string().optional(), mode: z.number().int().min(0).max(0o7777), mtimeNs: NS };
export const TreeNode = z.discriminatedUnion('type', [
  // ctimeNs and inode: what the next backup compares to take the file unread (absent in trees of older writers).
  z.strictObject({ ...Common, type: z.literal('file'), size: z.number().int().nonnegative(), content: z.array(HEX64), ctimeNs: NS.optional(), inode: z.string().regex(/^\d{1,25}$/).optional() }),
  z.strictObject({ ...Common, type: z.literal('dir'), subtree: HEX64 }),
  z.strictObject({ ...Common, type: z.literal('symlink'), target: z.string() }),
]);
export type TreeNode = z.infer<typeof TreeNode>;
const Tree = z.strictObject({ nodes: z.array(TreeNode) });

/** A file name as the tree records it: the string when the bytes are UTF-8, base64 otherwise. */
export function nameFields(name: Buffer): { name: string } | { nameBytes: string } {
  const text = name.toString('utf8');
  return Buffer.from(text, 'utf8').equals(name) ? { name: text } : { nameBytes: name.toString('base64') };
}

export function nameOf(node: TreeNode, object: string): Buffer {
  const name = node.name !== undefined ? Buffer.from(node.name, 'utf8') : node.nameBytes !== undefined ? Buffer.from(node.nameBytes, 'base64') : undefined;
  // A name is one path segment: never empty, `.`, `..`, nor holding `/` or NUL (a restore cannot leave its folder).
  if (name === undefined || (node.name !== undefined) === (node.nameBytes !== undefined) || name.length === 0 || name.equals(Buffer.from('.')) || name.equals(Buffer.from('..')) || name.includes(0x2f) || name.includes(0)) {
    throw new BackupFormatError('malformed', object, 'tree entry name');
  }
  return name;
}

/**
 * The largest tree blob (docs, "Snapshots and trees"): a reader refuses a larger one, so a brotli
 * bomb cannot take more memory than this. About 1M chunk ids (~1 TiB of files directly in one
 * directory) or ~300 000 entries with long names.
 */
export const TREE_MAXIMUM = 64 * 1024 * 1024;

/**
 * The tree's JSON; a directory whose tree a reader would refuse (over TREE_MAXIMUM) is refused here,
 * not written, naming `folder` (the directory on this machine) so the user knows which to split.
 */
export function encodeTree(nodes: readonly TreeNode[], folder?: string): Buffer {
  const bytes = Buffer.from(JSON.stringify({ nodes }), 'utf8');
  if (bytes.length > TREE_MAXIMUM) throw new DomainError('backup.folderTooLarge', folder === undefined ? undefined : { path: folder }, { cause: new Error(`a tree of ${nodes.length} entries is ${bytes.length} bytes, over ${TREE_MAXIMUM}`) });
  return bytes;
}

export function decodeTree(bytes: Buffer, object: string): TreeNode[] {
  try {
    return Tree.parse(JSON.parse(bytes.toString('utf8'))).nodes;
  } catch {
    throw new BackupFormatError('malformed', object, 'tree');
  }
}
