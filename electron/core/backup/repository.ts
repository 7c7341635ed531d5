import { randomBytes, X509Certificate } from 'node:crypto';
import type { RecipientKeyOperations } from '../crypto/key-wrap.js';
import { fingerprintOf } from '../crypto/key-wrap.js';
import type { AuditInput } from '../audit/audit-entry.js';
import { BackupFormatError } from './backup-format-error.js';
import type { BackupTarget } from './backup-target.js';
import { openBlob, type BlobType } from './blob-codec.js';
import { readIndexFile, type IndexedPack } from './index-file.js';
import { buildKeyFile, keyFileName, openKeyFile, parseKeyFile, type HolderRole, type KeyFile } from './key-files.js';
import { REFRESH_EVERY_MS, takeLock } from './locks.js';
import { packName, readPackHeader } from './pack.js';
import { encodeConfig, newRepositoryId, parseConfig, type RepositoryConfig } from './repository-config.js';
import { destroyGeneration, generationKeys, keyCheckOf, type GenerationKeys } from './repository-keys.js';
import { readSnapshotFile, snapshotName, type SnapshotBody } from './snapshot-file.js';
import type { TokenSigner } from '../signing/token-signer.js';
import { buildKeyState, keyStateName } from './key-state.js';

/** Records a security event (the audit log's append, or a test's recorder). */
export type BackupAudit = (event: AuditInput) => void | Promise<void>;

export interface NewHolder {
  readonly certificateDer: Uint8Array;
  readonly role: HolderRole;
}

/** The token key that opens the repository: its certificate and the unwrap operations on the token. */
export interface OpeningKey {
  readonly certificateDer: Uint8Array;
  readonly operations: RecipientKeyOperations;
}

export interface HolderSummary {
  readonly keyFile: string;
  readonly fingerprint: string;
  readonly role: HolderRole;
  readonly subject: string;
  /** When the holder was first given the key (kept through re-keys). */
  readonly added: string;
  readonly certificateDer: Buffer;
}

/**
 * Signs the key-state record of a change (docs/backup-repository.md, "Key-state records") on the
 * changing holder's token; `previous` is the record the change follows (null: the first).
 */
export interface KeyStateSigning {
  readonly signer: TokenSigner;
  readonly previous: string | null;
}

/** Writes the signed record of the key files' new state; answers its id. */
async function writeKeyState(target: BackupTarget, repository: string, keys: GenerationKeys, holders: Iterable<string>, signing: KeyStateSigning): Promise<string> {
  const record = await buildKeyState({ repository, generation: keys.generation, keyCheck: keyCheckOf(keys, repository), holders: [...holders], previous: signing.previous, signedAt: new Date().toISOString() }, signing.signer);
  await target.put(keyStateName(record.id), record.bytes);
  return record.id;
}

/** Where a blob is: enough to read it with one ranged read. */
export interface BlobLocation {
  readonly pack: string;
  readonly generation: number;
  readonly type: BlobType;
  readonly offset: number;
  readonly length: number;
}

/** `init`: a random master key, a key file per holder (one user and one recovery at least), then the config. */
export async function initRepository(target: BackupTarget, holders: readonly NewHolder[], audit: BackupAudit, signing?: KeyStateSigning): Promise<string> {
  if (!holders.some((holder) => holder.role === 'user') || !holders.some((holder) => holder.role === 'recovery')) throw new RangeError('a repository needs a user and a recovery holder');
  if (await target.exists('config')) throw new BackupFormatError('malformed', 'config', 'a repository is already there');
  const id = newRepositoryId();
  const masterKey = randomBytes(32);
  const first = generationKeys(1, masterKey);
  masterKey.fill(0);
  try {
    const fingerprints: string[] = [];
    for (const holder of holders) {
      const file = buildKeyFile(id, [first], holder.certificateDer, holder.role);
      await target.put(keyFileName(file.id), file.bytes);
      fingerprints.push(file.holder);
    }
    if (signing !== undefined) await writeKeyState(target, id, first, fingerprints, signing);
    // The config last: a target without one is not a repository yet, whatever else a crash left.
    await target.put('config', encodeConfig(id, keyCheckOf(first, id)));
  } finally {
    destroyGeneration(first);
  }
  await audit({ kind: 'backup.initialised', result: 'ok', details: { count: holders.length } });
  return id;
}

/** The key files that parse; a damaged one (check names it) must not lock the other holders out. */
export async function readKeyFiles(target: BackupTarget): Promise<{ id: string; file: KeyFile }[]> {
  const found: { id: string; file: KeyFile }[] = [];
  for (const { name } of await target.list('keys/')) {
    const id = name.slice('keys/'.length);
    try {
      found.push({ id, file: parseKeyFile(await target.get(name), id) });
    } catch (error) {
      if (!(error instanceof BackupFormatError)) throw error;
    }
  }
  return found;
}

/** Opens with the key file addressed to `key`'s certificate; the unwrap happens on the token. */
export async function openRepository(target: BackupTarget, key: OpeningKey): Promise<Repository> {
  const config = parseConfig(await target.get('config'));
  const fingerprint = fingerprintOf(new X509Certificate(Buffer.from(key.certificateDer)));
  const mine = (await readKeyFiles(target)).filter(({ file }) => file.holder === fingerprint);
  if (mine.length === 0) throw new BackupFormatError('notHolder', 'keys/', fingerprint);
  // An interrupted re-key can leave a holder its old key file beside the new one: the longer set is the newer.
  let newest: GenerationKeys[] | undefined;
  let failure: unknown;
  for (const { id, file } of mine) {
    try {
      const generations = await openKeyFile(file, id, config, key.operations);
      if (newest !== undefined && newest.length >= generations.length) {
        generations.forEach(destroyGeneration);
        continue;
      }
      newest?.forEach(destroyGeneration);
      newest = generations;
    } catch (error) {
      failure = error;
    }
  }
  if (newest === undefined) throw failure;
  return new Repository(target, config, newest);
}

export class Repository {
  private closed = false;
  /** How often a held lock is rewritten (REFRESH_EVERY_MS; tests make it short). */
  lockRefreshEveryMs = REFRESH_EVERY_MS;
  /** The key-state record this repository object's last change wrote (undefined: none yet). */
  keyState: string | undefined;

  constructor(
    readonly target: BackupTarget,
    readonly config: RepositoryConfig,
    private readonly generations: GenerationKeys[],
  ) {}

  /** New data is written under the newest generation. */
  get current(): GenerationKeys {
    this.assertOpen();
    return this.generations[this.generations.length - 1] as GenerationKeys;
  }

  readonly keysOf = (generation: number): GenerationKeys | undefined => this.generations.find((keys) => keys.generation === generation);

  /** Every generation, oldest first (for worker threads that open blobs of any of them). */
  get allGenerations(): readonly GenerationKeys[] {
    this.assertOpen();
    return [...this.generations];
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the repository is closed');
  }

  lock(exclusive: boolean): Promise<() => Promise<void>> {
    return takeLock(this.target, this.current, this.keysOf, exclusive, this.lockRefreshEveryMs);
  }

  /** One entry per key file (a crash during a re-key can leave a holder two for a moment). */
  async holders(): Promise<HolderSummary[]> {
    return (await readKeyFiles(this.target)).map(({ id, file }) => {
      const certificateDer = Buffer.from(file.certificate, 'base64');
      return { keyFile: keyFileName(id), fingerprint: file.holder, role: file.role, subject: new X509Certificate(certificateDer).subject, added: file.added, certificateDer };
    });
  }

  /**
   * A new key file with the same key set: no data is re-encrypted. Under the exclusive lock, like every
   * change of the key files, so two changes never interleave (two re-keys would fork the generations).
   */
  async addHolder(holder: NewHolder, audit: BackupAudit, signing?: KeyStateSigning): Promise<string> {
    const release = await this.lock(true);
    let fingerprint: string;
    try {
      const file = buildKeyFile(this.config.id, this.generations, holder.certificateDer, holder.role);
      fingerprint = file.holder;
      const holders = await this.holders();
      if (holders.some((existing) => existing.fingerprint === file.holder)) throw new BackupFormatError('alreadyHolder', 'keys/', file.holder);
      await this.target.put(keyFileName(file.id), file.bytes);
      if (signing !== undefined) this.keyState = await writeKeyState(this.target, this.config.id, this.current, [...holders.map((item) => item.fingerprint), file.holder], signing);
    } finally {
      await release();
    }
    await audit({ kind: 'backup.holderAdded', result: 'ok', details: { fingerprint, role: holder.role } });
    return fingerprint;
  }

  /**
   * Deletes the holder's key file(s). Refused: a holder in `required` (the policy's recovery
   * certificate), the last recovery holder, the last holder that is not a recovery one (a token).
   */
  async removeHolder(fingerprint: string, audit: BackupAudit, required: readonly string[] = [], signing?: KeyStateSigning): Promise<void> {
    const release = await this.lock(true);
    let role: HolderRole;
    try {
      const holders = await this.holders();
      const leaving = holders.filter((holder) => holder.fingerprint === fingerprint);
      const staying = holders.filter((holder) => holder.fingerprint !== fingerprint);
      const first = leaving[0];
      if (first === undefined) throw new BackupFormatError('holderNotFound', 'keys/', fingerprint);
      role = first.role;
      if (required.includes(fingerprint) || !staying.some((holder) => holder.role === 'recovery')) throw new BackupFormatError('holderRequired', first.keyFile);
      if (!staying.some((holder) => holder.role !== 'recovery')) throw new BackupFormatError('lastHolder', first.keyFile);
      for (const holder of leaving) await this.target.remove(holder.keyFile);
      if (signing !== undefined) this.keyState = await writeKeyState(this.target, this.config.id, this.current, staying.map((item) => item.fingerprint), signing);
    } finally {
      await release();
    }
    await audit({ kind: 'backup.holderRemoved', result: 'ok', details: { fingerprint, role } });
  }

  /**
   * A new generation for new data: new key files (all generations, each holder's role and date kept)
   * for the remaining holders, written before the old ones are removed, so a crash leaves every
   * holder able to open. Old data is not re-encrypted: it stays readable under its generation.
   */
  async rekey(audit: BackupAudit, signing?: KeyStateSigning): Promise<number> {
    const release = await this.lock(true);
    let next: GenerationKeys;
    let count: number;
    try {
      const masterKey = randomBytes(32);
      next = generationKeys(this.current.generation + 1, masterKey);
      masterKey.fill(0);
      const generations = [...this.generations, next];
      const old = await readKeyFiles(this.target);
      // The signed record first: a crash after the new key files is then still vouched for by it.
      if (signing !== undefined) this.keyState = await writeKeyState(this.target, this.config.id, next, old.map(({ file }) => file.holder), signing);
      const written = new Set<string>();
      for (const { file } of old) {
        // A holder left with two files by an interrupted re-key gets one new file.
        if (written.has(file.holder)) continue;
        written.add(file.holder);
        const made = buildKeyFile(this.config.id, generations, Buffer.from(file.certificate, 'base64'), file.role, new Date(file.added));
        await this.target.put(keyFileName(made.id), made.bytes);
      }
      for (const { id } of old) await this.target.remove(keyFileName(id));
      count = written.size;
    } finally {
      await release();
    }
    this.generations.push(next);
    await audit({ kind: 'backup.rekeyed', result: 'ok', details: { count, generation: next.generation } });
    return next.generation;
  }

  /** Every index file, read: blob id (hex) → where it is. Damaged index files throw (check names them). */
  async loadIndex(): Promise<{ blobs: Map<string, BlobLocation>; indexedPacks: Set<string> }> {
    const blobs = new Map<string, BlobLocation>();
    const indexedPacks = new Set<string>();
    for (const { name } of await this.target.list('index/')) {
      for (const pack of readIndexFile(await this.target.get(name), name.slice('index/'.length), this.keysOf)) addPack(blobs, indexedPacks, pack);
    }
    return { blobs, indexedPacks };
  }

  /** Packs no index names (a backup interrupted before its index), with their headers. */
  async unindexedPacks(indexedPacks: ReadonlySet<string>): Promise<IndexedPack[]> {
    const found: IndexedPack[] = [];
    for (const { name } of await this.target.list('data/')) {
      const id = name.slice(name.lastIndexOf('/') + 1);
      if (indexedPacks.has(id)) continue;
      const header = readPackHeader(await this.target.get(name), id, this.keysOf);
      found.push({ pack: id, generation: header.generation, entries: header.entries });
    }
    return found;
  }

  async readBlob(id: string, location: BlobLocation): Promise<Buffer> {
    const keys = this.keysOf(location.generation);
    const object = packName(location.pack);
    if (keys === undefined) throw new BackupFormatError('sealBroken', object, `unknown key generation ${location.generation}`);
    return openBlob(keys, location.type, Buffer.from(id, 'hex'), await this.target.getRange(object, location.offset, location.length), object);
  }

  async snapshots(): Promise<{ id: string; body: SnapshotBody }[]> {
    const entries = await this.target.list('snapshots/');
    const snapshots = await Promise.all(entries.map(async ({ name }) => ({ id: name.slice('snapshots/'.length), body: readSnapshotFile(await this.target.get(name), name.slice('snapshots/'.length), this.keysOf) })));
    return snapshots.sort((a, b) => a.body.time.localeCompare(b.body.time));
  }

  async snapshot(id: string): Promise<SnapshotBody> {
    return readSnapshotFile(await this.target.get(snapshotName(id)), id, this.keysOf);
  }

  /** Wipes every key from memory. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.generations.forEach(destroyGeneration);
  }
}

export function addPack(blobs: Map<string, BlobLocation>, packs: Set<string>, pack: IndexedPack): void {
  packs.add(pack.pack);
  for (const entry of pack.entries) blobs.set(entry.id.toString('hex'), { pack: pack.pack, generation: pack.generation, type: entry.type, offset: entry.offset, length: entry.length });
}
