import type { SnapshotEntry } from '../../../shared/domain/backup.js';
import { BackupFormatError } from './backup-format-error.js';
import { addPack, type Repository } from './repository.js';
import { decodeTree, nameOf, type TreeNode } from './tree.js';

/**
 * The entries of `folder` ('/'-joined names, '' for the top) inside a snapshot, for choosing what to
 * restore: names, kinds, sizes. Reads only the trees on the way (never file content). A path that
 * is not a folder of the snapshot is `malformed`.
 */
export async function snapshotFolder(repository: Repository, snapshotId: string, folder: string): Promise<SnapshotEntry[]> {
  const snapshot = await repository.snapshot(snapshotId);
  const { blobs, indexedPacks } = await repository.loadIndex();
  for (const pack of await repository.unindexedPacks(indexedPacks)) addPack(blobs, indexedPacks, pack);
  const object = `snapshots/${snapshotId}`;
  const tree = async (id: string): Promise<TreeNode[]> => {
    const location = blobs.get(id);
    if (location === undefined) throw new BackupFormatError('blobMissing', object, id);
    return decodeTree(await repository.readBlob(id, location), `tree ${id}`);
  };
  let nodes = await tree(snapshot.tree);
  for (const part of folder === '' ? [] : folder.split('/')) {
    const next = nodes.find((node) => node.type === 'dir' && nameOf(node, object).toString('utf8') === part);
    if (next?.type !== 'dir') throw new BackupFormatError('malformed', object, 'no such folder in the backup');
    nodes = await tree(next.subtree);
  }
  return nodes.map((node) => ({ name: nameOf(node, object).toString('utf8'), type: node.type, size: node.type === 'file' ? node.size : 0 }));
}
