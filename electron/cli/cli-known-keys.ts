// `airlock backup … --known FILE`: the cipher officer's memory of the backup places between command
// line runs (docs/backup-repository.md "The command line's memory: --known"). Every backup command
// requires it (without one each run would trust whatever key generation it finds): a run holds the
// place to the repository and key-state record it last accepted, as the app holds it in its sealed
// settings. A file not there yet is an empty memory, written at the place's first sight.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { BackupSettings, DEFAULT_BACKUP_SETTINGS, KnownRepository, type BackupSettingsPort } from '../core/backup/sealed-backup-settings.js';

export const KNOWN_FORMAT = 'airlock-backup-known/1';
/** A few hundred places at most; a bigger file is not one of ours. */
const MAX_BYTES = 1024 * 1024;

const KnownPlace = z.strictObject({
  /** The policy's target id. */
  target: z.string().min(1).max(200),
  /** Removable media: the repository's folder on the drive (another folder is another place); else null. */
  folder: z.string().min(1).max(4096).nullable(),
  repository: KnownRepository,
  /** When this run remembered it (ISO 8601 UTC): for the officer reading the file. */
  at: z.string().max(40),
});
export type KnownPlace = z.infer<typeof KnownPlace>;
export const KnownFile = z.strictObject({ format: z.literal(KNOWN_FORMAT), places: z.array(KnownPlace).max(10_000) });
export type KnownFile = z.infer<typeof KnownFile>;

/** The --known file cannot be read, is not one, or cannot be written; nothing in it was changed. */
export class KnownFileError extends Error {
  constructor(
    readonly problem: 'backup.knownFileDamaged' | 'backup.knownFileUnwritable',
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }

  /** The officer's words, Vietnamese first. */
  get words(): string {
    return this.problem === 'backup.knownFileDamaged'
      ? `Tệp --known ${this.file} bị hỏng hoặc không phải tệp ghi nhớ khoá sao lưu (${this.reason}); không làm gì, tệp giữ nguyên. / The --known file ${this.file} is damaged or not a backup key memory (${this.reason}); nothing was done and the file is unchanged.`
      : `Không ghi được tệp --known ${this.file} (${this.reason}); bản cũ của tệp giữ nguyên. / Could not write the --known file ${this.file} (${this.reason}); its previous content is unchanged.`;
  }
}

const samePlace = (place: KnownPlace, target: string, folder: string | null) => place.target === target && place.folder === folder;

/** Reads the file; a missing one is empty (the first run writes it), anything else that is not exactly this format is refused. */
export function readKnownFile(file: string): KnownFile {
  let text: string;
  try {
    const bytes = readFileSync(file);
    if (bytes.length > MAX_BYTES) throw new KnownFileError('backup.knownFileDamaged', file, `larger than ${MAX_BYTES} bytes`);
    text = bytes.toString('utf8');
  } catch (error) {
    if (error instanceof KnownFileError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { format: KNOWN_FORMAT, places: [] };
    throw new KnownFileError('backup.knownFileDamaged', file, (error as NodeJS.ErrnoException).code ?? 'unreadable');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new KnownFileError('backup.knownFileDamaged', file, 'not JSON');
  }
  const parsed = KnownFile.safeParse(value);
  if (!parsed.success) throw new KnownFileError('backup.knownFileDamaged', file, `not ${KNOWN_FORMAT}: ${parsed.error.issues[0]?.path.join('.') || 'format'}`);
  const places = parsed.data.places;
  if (places.some((place, index) => places.findIndex((other) => samePlace(other, place.target, place.folder)) !== index)) throw new KnownFileError('backup.knownFileDamaged', file, 'a place named twice');
  return parsed.data;
}

/** Replaces the file whole or not at all: a temporary file beside it (0600), synced, renamed over it, the folder synced. */
function writeKnownFile(file: string, content: KnownFile): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // A new officer names a file in a folder that may not exist yet (their own: 0700).
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(content, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
    const folder = openSync(path.dirname(file), 'r');
    try {
      fsyncSync(folder);
    } finally {
      closeSync(folder);
    }
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new KnownFileError('backup.knownFileUnwritable', file, (error as NodeJS.ErrnoException).code ?? String(error));
  }
}

/**
 * One run's backup settings (like MemoryBackupSettings) whose remembered repository for this run's
 * place comes from the --known file and goes back to it, atomically, whenever the service changes it
 * (first sight, a followed record, the officer's accept, the officer's own change of the key files).
 * The other places in the file are kept as they are on disk at the time of writing.
 */
export class KnownFileSettings implements BackupSettingsPort {
  #settings: BackupSettings;

  private constructor(
    private readonly file: string,
    private readonly target: string,
    private readonly folder: string | null,
    settings: BackupSettings,
    private readonly now: () => Date,
  ) {
    this.#settings = settings;
  }

  /** Reads the file first: a damaged one stops the run before anything is opened (KnownFileError). */
  static load(file: string, place: { readonly target: string; readonly folder: string | null }, initial: Partial<BackupSettings>, now: () => Date = () => new Date()): KnownFileSettings {
    const resolved = path.resolve(file);
    const remembered = readKnownFile(resolved).places.find((item) => samePlace(item, place.target, place.folder))?.repository;
    const settings = BackupSettings.parse({ ...DEFAULT_BACKUP_SETTINGS, ...initial, repositories: remembered === undefined ? {} : { [place.target]: remembered } });
    return new KnownFileSettings(resolved, place.target, place.folder, settings, now);
  }

  read(): BackupSettings {
    return this.#settings;
  }

  update(change: (settings: BackupSettings) => BackupSettings): BackupSettings {
    const next = BackupSettings.parse(change(this.#settings));
    const before = this.#settings.repositories[this.target];
    const after = next.repositories[this.target];
    if (after !== undefined && JSON.stringify(after) !== JSON.stringify(before)) {
      const onDisk = readKnownFile(this.file);
      const places = onDisk.places.filter((item) => !samePlace(item, this.target, this.folder));
      writeKnownFile(this.file, { format: KNOWN_FORMAT, places: [...places, { target: this.target, folder: this.folder, repository: after, at: this.now().toISOString() }] });
    }
    this.#settings = next;
    return next;
  }
}
