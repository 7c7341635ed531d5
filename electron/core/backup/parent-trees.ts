import { hostname } from 'node:os';
import { BackupFormatError } from './backup-format-error.js';
import type { BlobLocation, Repository } from './repository.js';
import { decodeTree, nameOf, type TreeNode } from './tree.js';

/**
 * The parent snapshot of an incremental backup (docs/backup-repository.md, "Incremental backups"):
 * its trees are read directory by directory beside the walk, so a file whose size, mtime, ctime and
 * inode are unchanged keeps its blob list without being read — restic's parent snapshot, kopia's
 * "cached" entries.
 */
export class ParentTrees {
  private constructor(
    private readonly repository: Repository,
    private readonly blobs: ReadonlyMap<string, BlobLocation>,
    readonly snapshot: string,
    readonly root: string,
  ) {}

  /** `choice` a snapshot id, `false` for none, absent for the newest of this host with the same paths. */
  static async find(repository: Repository, blobs: ReadonlyMap<string, BlobLocation>, paths: readonly string[], choice: string | false | undefined): Promise<ParentTrees | undefined> {
    if (choice === false) return undefined;
    if (choice !== undefined) return new ParentTrees(repository, blobs, choice, (await repository.snapshot(choice)).tree);
    const same = (await repository.snapshots()).filter(({ body }) => body.hostname === hostname() && body.paths.length === paths.length && body.paths.every((p, i) => p === paths[i]));
    const newest = same.at(-1);
    return newest === undefined ? undefined : new ParentTrees(repository, blobs, newest.id, newest.body.tree);
  }

  /** The nodes of a parent directory by name (base64 of the name's bytes), or none when there is no such directory. */
  async nodes(tree: string | undefined): Promise<Map<string, TreeNode> | undefined> {
    if (tree === undefined) return undefined;
    const location = this.blobs.get(tree);
    if (location === undefined) throw new BackupFormatError('blobMissing', `snapshots/${this.snapshot}`, tree);
    const object = `tree ${tree}`;
    const nodes = decodeTree(await this.repository.readBlob(tree, location), object);
    return new Map(nodes.map((node) => [nameOf(node, object).toString('base64'), node]));
  }
}
