// A tree blob: UTF-8 JSON {"nodes":[…]}, nodes sorted by the bytes of their names.
import { fail } from './errors.js';
import { parseJson } from './primitives.js';

export interface TreeNode {
  readonly name?: string;
  readonly nameBytes?: string;
  readonly type: 'file' | 'dir' | 'symlink';
  readonly mode: number;
  readonly mtimeNs: string;
  readonly size?: number;
  readonly content?: string[];
  readonly subtree?: string;
  readonly target?: string;
}

/** A name is one path segment: exactly one of name / nameBytes, never empty, `.`, `..`, nor holding `/` or NUL. */
export function nameBytesOf(node: TreeNode): Buffer {
  const name = node.nameBytes !== undefined ? Buffer.from(node.nameBytes, 'base64') : Buffer.from(node.name ?? '', 'utf8');
  const text = name.toString('latin1');
  if ((node.name === undefined) === (node.nameBytes === undefined) || text === '' || text === '.' || text === '..' || name.includes(0x2f) || name.includes(0)) {
    fail('malformed', `tree entry name ${JSON.stringify(text)}`);
  }
  return name;
}

const FIELDS: Record<string, string[]> = { file: ['size', 'content', 'ctimeNs', 'inode'], dir: ['subtree'], symlink: ['target'] };
const REQUIRED: Record<string, string[]> = { file: ['size', 'content'], dir: ['subtree'], symlink: ['target'] };

export function parseTree(bytes: Buffer, id: string): TreeNode[] {
  const nodes = (parseJson(bytes.toString('utf8'), `tree ${id}`) as { nodes?: TreeNode[] } | null)?.nodes;
  if (!Array.isArray(nodes)) fail('malformed', `tree ${id}: no nodes`);
  for (let i = 0; i < nodes.length; i += 1) {
    const node = nodes[i] as TreeNode;
    if (!['file', 'dir', 'symlink'].includes(node.type) || !/^\d+$/.test(node.mtimeNs)) fail('malformed', `tree ${id}: node ${i}`);
    const allowed = ['name', 'nameBytes', 'type', 'mode', 'mtimeNs', ...(FIELDS[node.type] ?? [])];
    const required = REQUIRED[node.type] ?? [];
    if (!Object.keys(node).every((f) => allowed.includes(f)) || !required.every((f) => f in node)) fail('malformed', `tree ${id}: node ${i}'s fields`);
    if (!Number.isInteger(node.mode) || node.mode < 0 || node.mode > 0o7777 || !/^\d{1,25}$/.test(node.mtimeNs)) fail('malformed', `tree ${id}: node ${i}`);
    nameBytesOf(node); // writers sort nodes by these bytes; a version-1 reader does not refuse another order
  }
  return nodes;
}
