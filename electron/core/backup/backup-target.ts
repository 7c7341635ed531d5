/**
 * Where a backup repository's files live (docs/backup-repository.md, "Targets"): a folder on
 * removable media, an SFTP server, a JetStream object store. The repository format needs only
 * these operations, so every target is interchangeable and tested against the same contract.
 *
 * Names are relative, `/`-separated, lower-case ASCII (`[a-z0-9._-]` segments), at most 3 levels:
 * `config`, `keys/<id>`, `keystate/<id>`, `data/<2 hex>/<id>`, `index/<id>`, `snapshots/<id>`, `locks/<id>`.
 * Every name but `locks/*` is immutable and (except `config`) the hex of its content's hash.
 */
export interface BackupTarget {
  /** For messages and audit entries ("folder /media/usb/airlock", "sftp backup@10.0.0.5"). */
  readonly description: string;
  /**
   * True where each getRange is a request over a network (SFTP, object store): a restore then reads
   * each pack run once (restore-reads.ts). On a local folder a blob read alone is cheaper — copying
   * blobs out of a 16 MiB run to the workers cost more than the reads it saved.
   */
  readonly readsAreRequests?: boolean;
  /**
   * Stores `bytes` under `name`, atomically: readers see the whole file under its final name or
   * nothing (write to a temporary name, flush, rename). Never overwrites: an existing `name`
   * fails with a BackupTargetError of code `exists` and leaves the old file as it was. `bytes` may
   * come in parts (a pack: its blobs, padding and header), stored one after the other.
   */
  put(name: string, bytes: TargetBytes): Promise<void>;
  /**
   * Where opening a file costs beside reading from it (a local folder): one open file for many
   * ranged reads, closed by its reader's close(). A restore keeps a few packs so open.
   */
  openRanges?(name: string): Promise<RangeReader>;
  /**
   * The file's path on this machine (a local folder): a restore's worker threads then read the
   * packs themselves, and no blob crosses between threads. Absent where files are not local.
   */
  localFile?(name: string): string;
  /** The whole file; a BackupTargetError of code `missing` when there is none. */
  get(name: string): Promise<Buffer>;
  /** `length` bytes from `offset` (a blob inside a pack); `missing` or `short` when it cannot. */
  getRange(name: string, offset: number, length: number): Promise<Buffer>;
  /** Whether a complete file of this name exists (half-written temporaries never count). */
  exists(name: string): Promise<boolean>;
  /** Complete files whose names start with `prefix` (e.g. `snapshots/`, `data/`), with sizes, any order. */
  list(prefix: string): Promise<TargetEntry[]>;
  /** Deletes a file (prune, unlock); a missing one is not an error. */
  remove(name: string): Promise<void>;
  /** Releases connections; the target is unusable afterwards. */
  close(): Promise<void>;
}

/**
 * A file's bytes, whole or in parts to be stored one after the other: a 16 MiB pack is not joined
 * into one buffer only to be written (the copy and its garbage were ~0.5 s of the main thread's
 * time per 256 MiB backed up, measured).
 */
export type TargetBytes = Uint8Array | readonly Uint8Array[];

export const partsOf = (bytes: TargetBytes): readonly Uint8Array[] => (bytes instanceof Uint8Array ? [bytes] : bytes);
export const lengthOf = (bytes: TargetBytes): number => partsOf(bytes).reduce((sum, part) => sum + part.length, 0);
/** One buffer, for a target whose client takes nothing else; a whole file is not copied. */
export function joined(bytes: TargetBytes): Buffer {
  const parts = partsOf(bytes);
  if (parts.length === 1) {
    const only = parts[0] as Uint8Array;
    return Buffer.from(only.buffer, only.byteOffset, only.length);
  }
  return Buffer.concat(parts);
}

/** Ranged reads of one open file; getRange's errors; close() once, after the last read has ended. */
export interface RangeReader {
  read(offset: number, length: number): Promise<Buffer>;
  close(): Promise<void>;
}

export interface TargetEntry {
  readonly name: string;
  readonly size: number;
}

/**
 * `host-key-mismatch`: an SFTP server answered with another host key than the pinned one;
 * `read-back-mismatch`: a file read back after writing differs from what was written (media that lie).
 */
export const TARGET_ERROR_CODES = ['exists', 'missing', 'short', 'full', 'unreachable', 'refused', 'bad-name', 'host-key-mismatch', 'read-back-mismatch'] as const;
export type TargetErrorCode = (typeof TARGET_ERROR_CODES)[number];

export class BackupTargetError extends Error {
  constructor(
    readonly code: TargetErrorCode,
    readonly object: string,
    message: string,
  ) {
    super(message);
    this.name = 'BackupTargetError';
  }
}

const SEGMENT = /^[a-z0-9][a-z0-9._-]{0,127}$/;

/** Refuses names outside the repository's layout (no `..`, no absolute paths, FAT-safe). */
export function checkTargetName(name: string): void {
  const segments = name.split('/');
  if (segments.length > 3 || !segments.every((segment) => SEGMENT.test(segment) && !segment.endsWith('.'))) {
    throw new BackupTargetError('bad-name', name, `not a repository file name: ${JSON.stringify(name)}`);
  }
}
