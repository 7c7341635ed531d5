// A tree blob: UTF-8 JSON {"nodes":[…]}, nodes sorted by the bytes of their names.
import { fail } from './errors.js';

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

export function parseTree(bytes: Buffer, id: string): TreeNode[] {
  const nodes = (JSON.parse(bytes.toString('utf8')) as { nodes?: TreeNode[] }).nodes;
  if (!Array.isArray(nodes)) fail('malformed', `tree ${id}: no nodes`);
  for (let i = 0; i < nodes.length; i += 1) {
    const node = nodes[i] as TreeNode;
    if (!['file', 'dir', 'symlink'].includes(node.type) || !/^\d+$/.test(node.mtimeNs)) fail('malformed', `tree ${id}: node ${i}`);
    nameBytesOf(node); // writers sort nodes by these bytes; a version-1 reader does not refuse another order
  }
  return nodes;
}
