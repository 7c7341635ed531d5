// `airlock backup … --known FILE`: the cipher officer's memory of the backup places between command
// line runs (docs/backup-repository.md "The command line's memory: --known"). Every backup command
// requires it (without one each run would trust whatever key generation it finds): a run holds the
// place to the repository and key-state record it last accepted, as the app holds it in its sealed
// settings. A file not there is refused (a mistyped path would otherwise trust whatever it finds);
// a new memory is asked for by name (--new-known), made at the place's first sight, never over a file.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, lstatSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
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

/** Why a --known file is missing: the file itself, or the folder it would be in (never made for it). */
export const NO_SUCH_FILE = 'no such file';
export const NO_SUCH_FOLDER = 'no such folder';

/**
 * The --known file cannot be read, is not one, is not there (--known), is there already (--new-known)
 * or cannot be written; nothing in it was changed, nothing was made.
 */
export class KnownFileError extends Error {
  constructor(
    readonly problem: 'backup.knownFileDamaged' | 'backup.knownFileUnwritable' | 'backup.knownFileMissing' | 'backup.knownFileExists',
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }

  /** The officer's words, Vietnamese first. */
  get words(): string {
    const { file, reason } = this;
    switch (this.problem) {
      case 'backup.knownFileDamaged':
        return `Tệp --known ${file} bị hỏng hoặc không phải tệp ghi nhớ khoá sao lưu (${reason}); không làm gì, tệp giữ nguyên. / The --known file ${file} is damaged or not a backup key memory (${reason}); nothing was done and the file is unchanged.`;
      case 'backup.knownFileUnwritable':
        return `Không ghi được tệp --known ${file} (${reason}); bản cũ của tệp giữ nguyên. / Could not write the --known file ${file} (${reason}); its previous content is unchanged.`;
      case 'backup.knownFileMissing':
        return reason === NO_SUCH_FOLDER
          ? `Không có thư mục ${path.dirname(file)} của tệp --known ${file}; không làm gì, không tạo thư mục nào. Kiểm tra lại đường dẫn. / The folder ${path.dirname(file)} of the --known file ${file} does not exist; nothing was done and no folder was made. Check the path.`
          : `Không có tệp --known ${file}; không làm gì. Nếu gõ nhầm đường dẫn, hãy sửa lại; nếu đây là trí nhớ mới của bạn, dùng --new-known ${file}. / There is no --known file ${file}; nothing was done. If the path is mistyped, correct it; if this is your new memory, use --new-known ${file}.`;
      case 'backup.knownFileExists':
        return `Tệp ${file} đã có: --new-known chỉ tạo tệp mới; không làm gì, tệp giữ nguyên. Dùng --known ${file}. / ${file} already exists: --new-known only makes a new file; nothing was done and the file is unchanged. Use --known ${file}.`;
    }
  }
}

const absent = (error: unknown) => ['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '');

/** Whether the folder `file` would be in is there (a typo in it is refused, never made). */
function folderMissing(file: string): boolean {
  try {
    return !statSync(path.dirname(file)).isDirectory();
  } catch {
    return true;
  }
}

const samePlace = (place: KnownPlace, target: string, folder: string | null) => place.target === target && place.folder === folder;

/** Reads the file; a missing one (or its folder) is refused, and so is anything that is not exactly this format. */
export function readKnownFile(file: string): KnownFile {
  let text: string;
  try {
    const bytes = readFileSync(file);
    if (bytes.length > MAX_BYTES) throw new KnownFileError('backup.knownFileDamaged', file, `larger than ${MAX_BYTES} bytes`);
    text = bytes.toString('utf8');
  } catch (error) {
    if (error instanceof KnownFileError) throw error;
    if (absent(error)) throw new KnownFileError('backup.knownFileMissing', file, folderMissing(file) ? NO_SUCH_FOLDER : NO_SUCH_FILE);
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

/**
 * Replaces the file whole or not at all: a temporary file beside it (0600), synced, renamed over it,
 * the folder synced. `create`: the file must not be there: the temporary file is linked to its name
 * (link never replaces a file) and then removed.
 */
function writeKnownFile(file: string, content: KnownFile, create: boolean): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(content, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (create) {
      linkSync(temporary, file);
      rmSync(temporary);
    } else renameSync(temporary, file);
    const folder = openSync(path.dirname(file), 'r');
    try {
      fsyncSync(folder);
    } finally {
      closeSync(folder);
    }
  } catch (error) {
    rmSync(temporary, { force: true });
    if (create && (error as NodeJS.ErrnoException).code === 'EEXIST') throw new KnownFileError('backup.knownFileExists', file, 'made meanwhile');
    throw new KnownFileError('backup.knownFileUnwritable', file, (error as NodeJS.ErrnoException).code ?? String(error));
  }
}

/**
 * One run's backup settings (like MemoryBackupSettings) whose remembered repository for this run's
 * place comes from the --known file and goes back to it, atomically, whenever the service changes it
 * (first sight, a followed record, the officer's accept, the officer's own change of the key files).
 * The other places in the file are kept as they are on disk at the time of writing. A new memory
 * (`existing: false`, --new-known) starts empty and is made at its first write, never over a file.
 */
export class KnownFileSettings implements BackupSettingsPort {
  #settings: BackupSettings;
  /** Not on disk yet: the officer asked for a new memory and nothing was remembered so far. */
  #creating: boolean;
  /**
   * Whether a place not remembered is trusted on first sight: only in a new memory (--new-known).
   * An existing memory without this place refuses it (a mistyped or look-alike place) until the
   * officer accepts it (keys accept) or init makes a new repository there.
   */
  readonly firstSight: 'trust' | 'refuse';

  private constructor(
    private readonly file: string,
    private readonly target: string,
    private readonly folder: string | null,
    settings: BackupSettings,
    creating: boolean,
    private readonly now: () => Date,
  ) {
    this.#settings = settings;
    this.#creating = creating;
    this.firstSight = creating ? 'trust' : 'refuse';
  }

  /**
   * Reads the file first, before anything is opened: a damaged or missing one stops the run
   * (KnownFileError). `existing: false` (--new-known): the file must not be there and its folder must.
   */
  static load(file: string, place: { readonly target: string; readonly folder: string | null }, initial: Partial<BackupSettings>, options: { existing: boolean; now?: () => Date }): KnownFileSettings {
    const resolved = path.resolve(file);
    if (!options.existing) {
      let there = true;
      try {
        lstatSync(resolved);
      } catch (error) {
        if (!absent(error)) throw new KnownFileError('backup.knownFileUnwritable', resolved, (error as NodeJS.ErrnoException).code ?? 'unreadable');
        there = false;
      }
      if (there) throw new KnownFileError('backup.knownFileExists', resolved, 'exists');
      if (folderMissing(resolved)) throw new KnownFileError('backup.knownFileMissing', resolved, NO_SUCH_FOLDER);
    }
    const remembered = options.existing ? readKnownFile(resolved).places.find((item) => samePlace(item, place.target, place.folder))?.repository : undefined;
    const settings = BackupSettings.parse({ ...DEFAULT_BACKUP_SETTINGS, ...initial, repositories: remembered === undefined ? {} : { [place.target]: remembered } });
    return new KnownFileSettings(resolved, place.target, place.folder, settings, !options.existing, options.now ?? (() => new Date()));
  }

  read(): BackupSettings {
    return this.#settings;
  }

  update(change: (settings: BackupSettings) => BackupSettings): BackupSettings {
    const next = BackupSettings.parse(change(this.#settings));
    const before = this.#settings.repositories[this.target];
    const after = next.repositories[this.target];
    if (after !== undefined && JSON.stringify(after) !== JSON.stringify(before)) {
      const places = this.#creating ? [] : readKnownFile(this.file).places.filter((item) => !samePlace(item, this.target, this.folder));
      writeKnownFile(this.file, { format: KNOWN_FORMAT, places: [...places, { target: this.target, folder: this.folder, repository: after, at: this.now().toISOString() }] }, this.#creating);
      this.#creating = false;
    }
    this.#settings = next;
    return next;
  }
}
