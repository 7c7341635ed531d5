// A whole repository held in memory (path → bytes): open with a holder's private key, list
// snapshots, restore a snapshot's files in memory.
import type { KeyObject } from 'node:crypto';
import { X509Certificate } from 'node:crypto';
import { openBlob } from './blob.js';
import { fail } from './errors.js';
import { readIndexFile } from './index-file.js';
import { openKeySet, parseKeyFile, unwrapFileKey } from './key-file.js';
import { type GenerationKeys, deriveKeys } from './keys.js';
import { type Pack, type PackEntry, readPack } from './pack.js';
import { isHex, parseJson, sha256Hex } from './primitives.js';
import { type Snapshot, readSnapshot } from './snapshot.js';
import { type TreeNode, nameBytesOf, parseTree } from './tree.js';

export type Files = ReadonlyMap<string, Buffer>;

export interface Config {
  readonly format: string;
  readonly id: string;
  readonly created: string;
  readonly chunker: { minSize: number; maxSize: number; cutBits: number };
  readonly packSize: number;
  readonly keyCheck: string;
}

export interface Holder {
  readonly certificatePem: string;
  readonly privateKey: KeyObject;
}

export interface OpenRepository {
  readonly config: Config;
  readonly keysOf: (generation: number) => GenerationKeys;
  readonly packs: Map<string, Pack>;
  /** blob id → where it is, from the index files. */
  readonly index: Map<string, { pack: string; entry: PackEntry }>;
}

const under = (files: Files, folder: string): [string, Buffer][] =>
  [...files].filter(([path]) => path.startsWith(`${folder}/`)).map(([path, bytes]) => [path.slice(folder.length + 1), bytes]);

export function readConfig(bytes: Buffer): Config {
  const config = parseJson(bytes.toString('utf8'), 'config') as Config;
  const fields = Object.keys(config ?? {}).sort().join();
  if (fields !== 'chunker,created,format,id,keyCheck,packSize' || config.packSize !== 16_777_216 || Object.keys(config.chunker ?? {}).sort().join() !== 'cutBits,maxSize,minSize' || config.chunker.minSize !== 524_288 || config.chunker.maxSize !== 8_388_608 || config.chunker.cutBits !== 19) fail('malformed', 'config');
  if (config.format !== 'airlock-backup/1' || !isHex(config.id, 32) || !isHex(config.keyCheck, 64)) fail('malformed', 'config');
  return config;
}

export function openRepository(files: Files, holder: Holder): OpenRepository {
  const configBytes = files.get('config') ?? fail('malformed', 'no config');
  const config = readConfig(configBytes);
  const fingerprint = sha256Hex(new X509Certificate(holder.certificatePem).raw);
  let masters: Buffer[] | null = null;
  for (const [name, bytes] of under(files, 'keys')) {
    let file;
    try {
      file = parseKeyFile(name, bytes);
    } catch {
      continue; // a key file that does not parse or hash to its name locks out only its own holder
    }
    if (file.holder !== fingerprint) continue;
    const set = openKeySet(file, unwrapFileKey(file, holder.privateKey), config);
    if (masters === null || set.length > masters.length) masters = set;
  }
  if (masters === null) fail('notHolder', fingerprint);
  const keys = masters.map(deriveKeys);
  const keysOf = (generation: number): GenerationKeys => keys[generation - 1] ?? fail('sealBroken', `no key of generation ${generation}`);
  const packs = new Map<string, Pack>();
  for (const [name, bytes] of under(files, 'data')) {
    const id = name.slice(3);
    if (name !== `${id.slice(0, 2)}/${id}`) fail('malformed', `data/${name}: not data/<h[0..2]>/<h>`);
    packs.set(id, readPack(id, bytes, keysOf));
  }
  const index = new Map<string, { pack: string; entry: PackEntry }>();
  for (const [name, bytes] of under(files, 'index')) {
    for (const listed of readIndexFile(name, bytes, keysOf)) {
      const pack = packs.get(listed.pack) ?? fail('packMissing', `index/${name}: ${listed.pack}`);
      const key = (e: PackEntry): string => `${e.type} ${e.id} ${e.offset} ${e.length}`;
      const own = new Set(pack.entries.map(key));
      if (listed.entries.length !== own.size || !listed.entries.every((e) => own.has(key(e)))) fail('indexMismatch', `index/${name}: ${listed.pack}`);
      for (const entry of listed.entries) index.set(entry.id, { pack: listed.pack, entry });
    }
  }
  return { config, keysOf, packs, index };
}

export function listSnapshots(files: Files, repository: OpenRepository): Snapshot[] {
  return under(files, 'snapshots').map(([name, bytes]) => readSnapshot(name, bytes, repository.keysOf, repository.config.id));
}

async function blob(repository: OpenRepository, type: 'data' | 'tree', id: string): Promise<Buffer> {
  const where = repository.index.get(id) ?? fail('blobMissing', id);
  if (where.entry.type !== type) fail('blobMissing', `${id} is not a ${type} blob`);
  const pack = repository.packs.get(where.pack) as Pack;
  const sealed = pack.bytes.subarray(where.entry.offset, where.entry.offset + where.entry.length);
  return openBlob(repository.keysOf(pack.generation), type, id, sealed);
}

export type Restored =
  | { readonly type: 'dir'; readonly mode: number; readonly mtimeNs: string }
  | { readonly type: 'file'; readonly mode: number; readonly mtimeNs: string; readonly content: Buffer }
  | { readonly type: 'symlink'; readonly mode: number; readonly mtimeNs: string; readonly target: string };

/** Every entry of the snapshot by its '/'-joined path (names as their UTF-8 text). */
export async function restoreInMemory(repository: OpenRepository, snapshot: Snapshot): Promise<Map<string, Restored>> {
  const out = new Map<string, Restored>();
  const walk = async (treeId: string, prefix: string): Promise<void> => {
    for (const node of parseTree(await blob(repository, 'tree', treeId), treeId)) {
      const path = prefix + nameBytesOf(node).toString('utf8');
      if (node.type === 'dir') {
        out.set(path, { type: 'dir', mode: node.mode, mtimeNs: node.mtimeNs });
        await walk(node.subtree ?? fail('malformed', `${path}: no subtree`), `${path}/`);
      } else if (node.type === 'file') {
        out.set(path, { type: 'file', mode: node.mode, mtimeNs: node.mtimeNs, content: await fileContent(repository, node, path) });
      } else {
        out.set(path, { type: 'symlink', mode: node.mode, mtimeNs: node.mtimeNs, target: node.target ?? fail('malformed', `${path}: no target`) });
      }
    }
  };
  await walk(snapshot.body.tree, '');
  return out;
}

async function fileContent(repository: OpenRepository, node: TreeNode, path: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for (const id of node.content ?? fail('malformed', `${path}: no content`)) chunks.push(await blob(repository, 'data', id));
  const content = Buffer.concat(chunks);
  if (content.length !== node.size) fail('malformed', `${path}: ${content.length} bytes, the tree says ${node.size}`);
  return content;
}
