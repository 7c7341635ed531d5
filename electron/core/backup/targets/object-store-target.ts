import { createHash } from 'node:crypto';
import { JetStreamApiCodes, JetStreamApiError, StorageType, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Objm, type ObjectInfo, type ObjectStore } from '@nats-io/obj';
import { PermissionViolationError, type NatsConnection } from '@nats-io/transport-node';
import { BackupTargetError, checkTargetName, joined, type BackupTarget, type TargetBytes, type TargetEntry } from '../backup-target.js';

/** A bucket's name: the object store's own rule, with a prefix so backups never share a name with attachments. */
const BUCKET = /^airlock-backup-[A-Za-z0-9_-]{1,64}$/;
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RETRY_FOR_MS = 30_000;
const RETRY_PAUSE_MS = 250;
/** Whole packs `getRange` keeps (2 × ~16 MiB): a file's blobs lie in one pack or the next. */
const RECENT_PACKS = 2;

export interface ObjectStoreTargetOptions {
  /**
   * An open connection to the messaging cluster (pinned TLS, the official's NKEY: the messaging
   * connection's); the target does not close it. The server's permissions name the bucket
   * (server-config.ts, `backupBuckets`).
   */
  readonly connection: NatsConnection;
  /** One bucket per repository, `airlock-backup-<id>`, made by the administrator (provisionBackupBucket). */
  readonly bucket: string;
  /** How long one request may wait for the cluster; default 10 s. */
  readonly timeoutMs?: number;
  /**
   * How long an operation is retried while the cluster cannot answer (a node lost, the bucket's
   * leader being elected again: a few seconds), before it fails as `unreachable`; default 30 s.
   */
  readonly retryForMs?: number;
}

export function checkBucketName(bucket: string): void {
  if (!BUCKET.test(bucket)) throw new RangeError(`not a backup bucket name: ${JSON.stringify(bucket)}`);
}

/**
 * Makes the bucket of a repository (or leaves an existing one): a file-stored stream with
 * `replicas` copies (3 on a 3-node cluster, so one node lost loses nothing). Only the administrator
 * may create streams; officials then read and write the bucket their permissions name.
 */
export async function provisionBackupBucket(admin: NatsConnection, bucket: string, options: { readonly replicas: number; readonly timeoutMs?: number }): Promise<void> {
  checkBucketName(bucket);
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const objm = new Objm(jetstream(admin, { timeout: 5000 }));
  for (;;) {
    try {
      await objm.create(bucket, { replicas: options.replicas, storage: StorageType.File, description: 'Airlock backup repository' });
      return;
    } catch (error) {
      // A cluster answers only once its meta leader is elected.
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/**
 * A repository in a bucket of the messaging cluster's JetStream object store. An object becomes
 * visible when its metadata message is stored, after all its chunks (a put cut short leaves no
 * object); the metadata is published with "expected last sequence on this subject" = none (or the
 * deleted entry's), so the cluster itself refuses to replace an object, even for two writers at once.
 */
export class ObjectStoreTarget implements BackupTarget {
  readonly description: string;
  readonly readsAreRequests = true;
  private store: Promise<ObjectStore> | undefined;
  private readonly timeout: number;
  /** The last whole objects `getRange` fetched, newest first. */
  private recent: { readonly name: string; readonly bytes: Promise<Buffer> }[] = [];

  constructor(private readonly options: ObjectStoreTargetOptions) {
    checkBucketName(options.bucket);
    this.timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.description = `object store ${options.bucket}`;
  }

  private open(): Promise<ObjectStore> {
    this.store ??= new Objm(jetstream(this.options.connection, { timeout: this.timeout, checkAPI: false })).open(this.options.bucket).catch((error: unknown) => {
      this.store = undefined;
      throw error;
    });
    return this.store;
  }

  /**
   * Runs `work` on the bucket for a repository file `name` (checked first), or a list `prefix`,
   * again while the cluster cannot answer (`unreachable`) and the retry time lasts.
   */
  private async run<T>(name: string, work: (store: ObjectStore, attempt: number) => Promise<T>, isPrefix = false): Promise<T> {
    if (!isPrefix) checkTargetName(name);
    const deadline = Date.now() + (this.options.retryForMs ?? DEFAULT_RETRY_FOR_MS);
    for (let attempt = 0; ; attempt++) {
      try {
        this.assertOpen(name);
        return await work(await this.open(), attempt);
      } catch (error) {
        const failure = storeError(error, name);
        // A closed connection never comes back (the zone was left, the workstation locked): no retry.
        if (!(failure instanceof BackupTargetError && failure.code === 'unreachable') || Date.now() >= deadline || this.options.connection.isClosed()) throw failure;
        await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
      }
    }
  }

  /** The messaging connection is closed for good: what it held is gone, nothing more is sent. */
  private assertOpen(name: string): void {
    if (this.options.connection.isClosed()) throw new BackupTargetError('unreachable', name, `the messaging connection is closed (zone left or workstation locked) before ${name}`);
  }

  put(name: string, parts: TargetBytes): Promise<void> {
    // The object store's client chunks one buffer.
    const bytes = joined(parts);
    return this.run(name, async (store, attempt) => {
      const before = await store.info(name);
      // An earlier attempt whose answer was lost may have stored it: the same digest is that put.
      if (attempt > 0 && before !== null && !before.deleted && before.digest === objectDigest(bytes)) return;
      // Saves sending the chunks in vain; the server's check below is the one that holds.
      if (before !== null && !before.deleted) throw new BackupTargetError('exists', name, `${name} already exists`);
      try {
        // The metadata subject must still end with what we saw: nothing, or the deleted entry.
        await store.putBlob({ name }, bytes, { previousRevision: before?.deleted === true ? before.revision : 0, timeout: this.timeout });
      } catch (error) {
        if (isWrongLastSequence(error)) throw new BackupTargetError('exists', name, `${name} already exists`);
        throw error;
      }
    });
  }

  get(name: string): Promise<Buffer> {
    return this.run(name, async (store) => {
      // getBlob checks the object's SHA-256 digest before it answers.
      const bytes = await store.getBlob(name);
      if (bytes === null) throw new BackupTargetError('missing', name, `${name} is missing`);
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    });
  }

  /**
   * The object store reads whole objects only: the pack is fetched and cut (a pack is ~16 MiB). A
   * restore or a check reads a pack's blobs one after another, so the last packs fetched are kept
   * (objects never change under a name: a removed one is dropped here too); without this a 40 MiB
   * file fetched its 16 MiB pack once per 1 MiB chunk.
   */
  async getRange(name: string, offset: number, length: number): Promise<Buffer> {
    let fetching = this.recent.find((item) => item.name === name)?.bytes;
    if (fetching === undefined) {
      // The promise is kept, so reads of one pack in parallel (restore's workers) fetch it once.
      const entry = { name, bytes: this.get(name) };
      this.recent = [entry, ...this.recent].slice(0, RECENT_PACKS);
      entry.bytes.catch(() => (this.recent = this.recent.filter((item) => item !== entry)));
      fetching = entry.bytes;
    }
    const whole = await fetching;
    if (offset + length > whole.length) throw new BackupTargetError('short', name, `${name} ends before ${offset + length}`);
    return whole.subarray(offset, offset + length);
  }

  exists(name: string): Promise<boolean> {
    return this.run(name, async (store) => {
      const info = await store.info(name);
      return info !== null && !info.deleted;
    });
  }

  list(prefix: string): Promise<TargetEntry[]> {
    return this.run(
      prefix,
      async (store) => {
        const infos: ObjectInfo[] = await store.list();
        return infos.filter((info) => !info.deleted && info.name.startsWith(prefix)).map((info) => ({ name: info.name, size: info.size }));
      },
      true,
    );
  }

  remove(name: string): Promise<void> {
    this.recent = this.recent.filter((item) => item.name !== name);
    return this.run(name, async (store) => {
      const info = await store.info(name);
      if (info === null || info.deleted) return;
      await store.delete(name);
    });
  }

  /** The connection is the caller's; nothing of the target's own is left to release. */
  close(): Promise<void> {
    this.store = undefined;
    this.recent = [];
    return Promise.resolve();
  }
}

/** The administrator's view of the bucket's stream: which node leads it, which hold it (tests, diagnostics). */
export async function bucketCluster(admin: NatsConnection, bucket: string): Promise<{ leader: string | undefined; replicas: string[] }> {
  const info = await (await jetstreamManager(admin, { checkAPI: false })).streams.info(`OBJ_${bucket}`);
  return { leader: info.cluster?.leader, replicas: (info.cluster?.replicas ?? []).map((replica) => replica.name) };
}

/** The object store's digest notation: `SHA-256=` and the base64url (padded) SHA-256. */
function objectDigest(bytes: Uint8Array): string {
  return `SHA-256=${createHash('sha256').update(bytes).digest('base64url')}=`;
}

function isWrongLastSequence(error: unknown): boolean {
  return error instanceof JetStreamApiError && (error.code === JetStreamApiCodes.StreamWrongLastSequence || error.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown);
}

/** Causes, outermost first: the client wraps socket and server errors. */
function chain(error: unknown): Error[] {
  const seen: Error[] = [];
  for (let at = error; at instanceof Error && !seen.includes(at) && seen.length < 8; at = at.cause) seen.push(at);
  return seen;
}

function storeError(error: unknown, name: string): unknown {
  if (error instanceof BackupTargetError) return error;
  const errors = chain(error);
  if (errors.some((e) => e instanceof PermissionViolationError || /permissions violation/i.test(e.message))) {
    return new BackupTargetError('refused', name, `the messaging cluster refuses ${name} to this official`);
  }
  // Stream limits reached (the bucket's or the server's storage): 10047 insufficient resources, 10028 maximum bytes.
  if (errors.some((e) => /insufficient resources|maximum bytes|resource limits exceeded/i.test(e.message))) {
    return new BackupTargetError('full', name, `the messaging cluster has no room for ${name}`);
  }
  if (errors.some((e) => /digests do not match/i.test(e.message))) {
    return new BackupTargetError('read-back-mismatch', name, `${name} read from the messaging cluster does not match its digest`);
  }
  if (errors.some((e) => /stream not found|bucket not found/i.test(e.message))) {
    return new BackupTargetError('missing', name, `the backup bucket does not exist on the messaging cluster`);
  }
  return new BackupTargetError('unreachable', name, `the messaging cluster did not answer for ${name} (${errors[0]?.message ?? String(error)})`);
}
