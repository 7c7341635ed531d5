import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { BackupJobValue, BackupRetention, BackupRunResult, BackupSchedule, BackupStatus, BackupTargetView, SnapshotEntry, SnapshotView } from '../../../shared/domain/backup.js';
import { CLASSIFICATION_LEVELS, type Classification } from '../../../shared/domain/classification.js';
import type { AuditRecorder } from '../audit-recorder.js';
import type { CertificateTrust } from '../certificates/capability.js';
import { validateCertificate } from '../certificates/chain-validator.js';
import { certificateInfo } from '../certificates/certificate-info.js';
import { DomainError } from '../domain-error.js';
import { numberedName } from '../documents/free-name.js';
import type { TokenKeyHolder } from '../token/token-key-holders.js';
import type { BackupTargetPolicy, ZonePolicy } from '../zones/policy-schema.js';
import { APP_STORES_PATH, backupAppStores, type AppStore } from './app-stores.js';
import { repositoryFailure } from './backup-format-error.js';
import { backupTargetsFor, mayRestore } from './backup-policy.js';
import { backupFolder } from './backup-run.js';
import type { BackupTarget } from './backup-target.js';
import { BackupCancelledError, type BackupProgress } from './backup-progress.js';
import { restoreDrill } from './restore-drill.js';
import { forgetSnapshots } from './forget.js';
import type { ReadData } from './pack-data-check.js';
import { pruneRepository } from './prune.js';
import { checkRepository } from './repository-check.js';
import { claimOf, followKeyStates, readKeyStates, type KeyStateRecord, type KeyStateRefusal } from './key-state.js';
import { keyCheckOf } from './repository-keys.js';
import { initRepository, openRepository, type BackupAudit, type KeyStateSigning, type Repository } from './repository.js';
import { RestoreFileError, restoreSnapshot } from './restore.js';
import { DEFAULT_BACKUP_SETTINGS, type BackupSettingsPort, type KnownRepository } from './sealed-backup-settings.js';
import { snapshotFolder } from './snapshot-browse.js';
import { policyBackupTarget, type TargetMeans } from './targets/policy-target.js';
import { targetFailure } from './targets/target-failure.js';
import { TokenSshAgent } from './targets/token-ssh-agent.js';

/** The zone service as backups see it: the verified policy with the live zone, and the recovery certificate. */
export interface BackupZonePort {
  livePolicy(): { readonly policy: ZonePolicy; readonly zone: string } | undefined;
  recoveryCertificate(): Uint8Array | undefined;
}

/**
 * The messaging capability as backups see it: the live zone's own connection for the object-store
 * target. Never a connection of the backup's own: the zone's is the one the zone switch closes.
 */
export interface BackupMessagingPort {
  /** The connected connection of `zone` when it is the live zone's; otherwise `messaging.notConnected`. */
  connectionFor(zone: string): NatsConnection;
}

/** What a job's work gets: the cancel signal and the operation's progress (BackupJobs passes it on as it is). */
export interface BackupControl {
  readonly signal: AbortSignal;
  readonly progress: (progress: BackupProgress) => void;
}

export interface BackupServiceDeps {
  readonly zones: BackupZonePort;
  /** The unlocked token's keys, in a stable order (the first holds and signs new repositories). */
  readonly keys: () => Promise<readonly TokenKeyHolder[]>;
  readonly settings: BackupSettingsPort;
  readonly audit: AuditRecorder;
  /** How the user's words name a restored folder ("Khôi phục …" / "Restored …"). */
  readonly restoredFolderName: (time: Date) => string;
  /**
   * The app's own stores a run backs up first (docs/backup-repository.md "The app's stores"), for
   * the live zone: settings, audit and that zone's store; none (the command line) backs up folders only.
   */
  readonly appStores?: (zone: string) => { readonly stores: readonly AppStore[]; readonly scratch: string };
  /** The object-store target's connection (none: the command line, which has no messaging connection). */
  readonly messaging?: BackupMessagingPort;
  /** Builds a target from the policy's entry; tests may pass their own means (an SFTP key file). */
  readonly means?: (target: BackupTargetPolicy, keys: readonly TokenKeyHolder[]) => TargetMeans;
  /**
   * The pinned roots, intermediates and CRLs a key-state record's signer must chain to (valid now, not
   * revoked) for a new key generation to be accepted without asking; none: never without asking.
   */
  readonly trust?: Pick<CertificateTrust, 'anchors' | 'intermediates' | 'crls'>;
  /**
   * A place not remembered yet: `trust` (the app, a new --known memory) remembers what it finds there
   * on first sight, audited; `refuse` (an existing --known memory that has no entry for the place: a
   * mistyped or look-alike place) is `backup.placeNotRemembered` until the officer accepts it or
   * `init` makes a new repository there. Default `trust`.
   */
  readonly firstSight?: 'trust' | 'refuse';
  readonly now?: () => Date;
}

/** What the user is told of a key generation this workstation did not accept (and an officer may). */
export interface KeyGenerationNotice {
  readonly generation: number;
  readonly reason: KeyStateRefusal;
  /** The signer's name from the certificate of the newest record that claims the generation. */
  readonly signedBy?: string;
  readonly signedAt?: string;
}

/** How much of the data a check reads: none (structure), all, or the day's tenth. */
export type VerifyData = 'none' | 'all' | 'rotating';

/** A snapshot without a level was made before levels were signed: only the top level's zones restore it (fail closed). */
const levelOf = (level: Classification | undefined): Classification => level ?? (CLASSIFICATION_LEVELS[CLASSIFICATION_LEVELS.length - 1] as Classification);

const ACTION_OF = {
  'backup.created': 'backup',
  'backup.restored': 'restore',
  'backup.verified': 'verify',
  'backup.initialised': 'init',
  'backup.forgotten': 'forget',
  'backup.drilled': 'drill',
  'backup.holderAdded': 'keyAdd',
  'backup.holderRemoved': 'keyRemove',
  'backup.rekeyed': 'rekey',
  'backup.keyGenerationAccepted': 'keyAccept',
} as const;
export type BackupOperation = keyof typeof ACTION_OF;

/** Failures that are the rules saying no, audited as refused (the others as failed). */
const REFUSALS: readonly string[] = ['backup.cancelled', 'backup.keyGenerationNotConfirmed', 'backup.placeNotRemembered', 'backup.lastHolder', 'backup.holderRequired', 'backup.alreadyHolder', 'backup.holderNotFound', 'backup.holderCertificateInvalid'];

const abortedError = (): DomainError => new DomainError('backup.cancelled');

/** What the user is told for a repository's or a target's failure, or a cancel; anything else stays as it is. */
export function backupFailure(error: unknown): unknown {
  if (error instanceof RestoreFileError) {
    // Said as its cause is (a damaged pack, a full disk…), naming the file; a cause with no words of its own (a worker thread that ended) as restoreFileFailed.
    const said = backupFailure(error.cause);
    const known = said instanceof DomainError ? said : undefined;
    return new DomainError(known?.code ?? 'backup.restoreFileFailed', { ...known?.details, path: error.file }, { cause: error });
  }
  if (error instanceof BackupCancelledError || (error instanceof Error && error.name === 'AbortError')) return new DomainError('backup.cancelled', undefined, { cause: error });
  return targetFailure(repositoryFailure(error));
}

/**
 * The Backups screen's and the command line's one core (issue #16): which places the live zone may
 * use (the signed policy), opening a repository with the unlocked token (init on first use, to the
 * user and the policy's recovery certificate), backing up the chosen folders, listing, restoring
 * into a free-named folder, verifying; every event audited. A repository is opened per operation
 * and closed (its keys wiped) at the end.
 */
export class BackupService {
  readonly #now: () => Date;

  constructor(private readonly deps: BackupServiceDeps) {
    this.#now = deps.now ?? (() => new Date());
  }

  status(): BackupStatus {
    const live = this.deps.zones.livePolicy();
    // No zone live: no place to back up to, and nothing of the settings is needed to say so.
    if (live === undefined) return { zone: null, targets: [], folders: [], retention: DEFAULT_BACKUP_SETTINGS.retention, schedule: DEFAULT_BACKUP_SETTINGS.schedule, lastScheduled: null };
    const settings = this.deps.settings.read();
    const targets: BackupTargetView[] = backupTargetsFor(live.policy, live.zone).map((target) => ({
      id: target.id,
      name: target.name,
      kind: target.place.kind,
      highestClassification: target.highestClassification,
      folder: settings.targetFolders[target.id] ?? null,
      repository: settings.repositories[target.id]?.id ?? null,
      lastRun: settings.lastRuns[target.id] ?? null,
    }));
    return { zone: live.zone, targets, folders: settings.folders, retention: settings.retention, schedule: settings.schedule, lastScheduled: settings.lastScheduled };
  }

  setFolders(folders: readonly string[]): BackupStatus {
    const unique = [...new Set(folders.map((folder) => path.resolve(folder)))];
    this.deps.settings.update((settings) => ({ ...settings, folders: unique }));
    this.deps.audit.record('settings.changed', 'ok', { setting: 'backupFolders', count: unique.length });
    return this.status();
  }

  /** Removable media: the repository's folder on the drive. A new folder is a new repository to remember. */
  setTargetFolder(targetId: string, folder: string): BackupStatus {
    this.#targetPolicy(targetId);
    const resolved = path.resolve(folder);
    this.deps.settings.update((settings) => {
      const { [targetId]: _forgotten, ...repositories } = settings.repositories;
      return settings.targetFolders[targetId] === resolved ? settings : { ...settings, targetFolders: { ...settings.targetFolders, [targetId]: resolved }, repositories };
    });
    this.deps.audit.record('settings.changed', 'ok', { setting: 'backupTargetFolder', target: targetId });
    return this.status();
  }

  setRetention(retention: BackupRetention): BackupStatus {
    this.deps.settings.update((settings) => ({ ...settings, retention }));
    this.deps.audit.record('settings.changed', 'ok', { setting: 'backupRetention', count: retention.last });
    return this.status();
  }

  setSchedule(schedule: BackupSchedule): BackupStatus {
    if (schedule.target !== null) this.#targetPolicy(schedule.target);
    this.deps.settings.update((settings) => ({ ...settings, schedule }));
    this.deps.audit.record('settings.changed', 'ok', { setting: 'backupSchedule', count: schedule.everyHours, ...(schedule.target === null ? {} : { target: schedule.target }) });
    return this.status();
  }

  /** Makes the repository if the target has none yet; answers its id either way. */
  async init(targetId: string): Promise<{ repository: string; created: boolean }> {
    return this.#failing('backup.initialised', targetId, async () => {
      const { target, keys } = await this.#target(targetId);
      try {
        const created = !(await target.exists('config'));
        const { repository } = await this.#open(targetId, target, keys, true);
        const id = repository.config.id;
        repository.close();
        return { repository: id, created };
      } finally {
        await target.close();
      }
    });
  }

  /**
   * "Back up now" (or the schedule): the app's stores as one snapshot (`airlock:stores`), then each
   * chosen folder as one, all signed on the token at the live zone's level. `backup.started` names
   * the run and how many snapshots it will make; each made is `backup.created` with the same run.
   */
  async run(targetId: string, trigger: BackupRunResult['trigger'], control: BackupControl): Promise<Extract<BackupJobValue, { kind: 'run' }>> {
    const at = this.#now().toISOString();
    const sources = this.deps.settings.read().folders;
    const run = randomUUID();
    let result: BackupRunResult;
    try {
      result = await this.#failing('backup.created', targetId, () =>
        this.#withRepository(targetId, async (repository, keys, level, zone) => {
          const app = this.deps.appStores?.(zone);
          const stores = app?.stores ?? [];
          if (sources.length === 0 && stores.length === 0) throw new DomainError('backup.nothingChosen');
          const signer = (keys[0] as TokenKeyHolder).signer;
          const totals = { snapshots: 0, files: 0, bytes: 0, newBytes: 0 };
          const parts = [...(stores.length === 0 ? [] : [APP_STORES_PATH]), ...sources];
          this.deps.audit.record('backup.started', 'ok', { target: targetId, run, count: parts.length, level });
          for (const part of parts) {
            if (control.signal.aborted) throw abortedError();
            // Files and bytes of the parts done so far plus this one's (its totals from the pre-scan).
            const before = { files: totals.files, bytes: totals.bytes };
            const onProgress = (step: BackupProgress) => control.progress({ ...step, done: before.files + step.done, total: before.files + step.total, bytes: before.bytes + step.bytes, totalBytes: before.bytes + step.totalBytes });
            // A cancel indexes the packs written and makes no snapshot: the repository stays valid, the next run reuses them.
            const hooks = { level, signal: control.signal, onProgress };
            const made = part === APP_STORES_PATH && app !== undefined ? await backupAppStores(repository, stores, signer, { ...hooks, scratch: app.scratch }) : await backupFolder(repository, part, signer, hooks);
            totals.snapshots++;
            totals.files += made.stats.files;
            totals.bytes += made.stats.bytes;
            totals.newBytes += made.stats.newBytes;
            this.deps.audit.record('backup.created', 'ok', { target: targetId, run, file: part, count: made.stats.files, bytes: made.stats.bytes, hash: made.snapshot, level });
          }
          return { target: targetId, trigger, at, ok: true, ...totals };
        }),
        { run },
      );
    } catch (error) {
      const code = error instanceof DomainError ? error.code : 'ipc.internal';
      this.#remember({ target: targetId, trigger, at, ok: false, code, snapshots: 0, files: 0, bytes: 0, newBytes: 0 });
      throw error;
    }
    this.#remember(result);
    return { kind: 'run', result };
  }

  async snapshots(targetId: string): Promise<SnapshotView[]> {
    const live = this.#live();
    return this.#withRepository(targetId, async (repository) =>
      (await repository.snapshots()).reverse().map(({ id, body }) => ({
        id,
        time: new Date(body.time).toISOString(),
        paths: body.paths,
        hostname: body.hostname,
        files: body.files,
        bytes: body.bytes,
        level: levelOf(body.level),
        restorable: mayRestore(live.policy, live.zone, levelOf(body.level)),
      })),
    );
  }

  /** A folder inside a snapshot (the restore wizard's file choice); only where the snapshot may be restored. */
  async files(targetId: string, snapshotId: string, folder: string): Promise<SnapshotEntry[]> {
    return this.#withRepository(targetId, async (repository) => {
      await this.#assertMayRestore(repository, snapshotId, targetId, false);
      return snapshotFolder(repository, snapshotId, folder);
    });
  }

  /** Restores all or `paths` into a new folder under `destination` (a free name: nothing is overwritten). */
  async restore(targetId: string, snapshotId: string, destination: string, paths: readonly string[] | undefined, control: BackupControl): Promise<Extract<BackupJobValue, { kind: 'restore' }>> {
    return this.#failing('backup.restored', targetId, () =>
      this.#withRepository(targetId, async (repository) => {
        await this.#assertMayRestore(repository, snapshotId, targetId, true);
        if (control.signal.aborted) throw abortedError();
        const folder = await freeFolder(path.resolve(destination), this.deps.restoredFolderName(this.#now()));
        const stats = await restoreSnapshot(repository, snapshotId, folder, { signal: control.signal, onProgress: control.progress, ...(paths === undefined ? {} : { paths }) });
        this.deps.audit.record('backup.restored', 'ok', { target: targetId, hash: snapshotId, count: stats.files, bytes: stats.bytes, entries: paths?.length ?? 0 });
        return { kind: 'restore' as const, folder, files: stats.files, bytes: stats.bytes };
      }),
    );
  }

  /**
   * The check: structure always; with `data`, the blobs of every pack opened (`all`) or of one tenth of
   * them, a different tenth each day (`rotating`: ten days read everything once). Every problem named.
   */
  async verify(targetId: string, data: VerifyData, control: BackupControl): Promise<Extract<BackupJobValue, { kind: 'verify' }>> {
    const readData: ReadData = data === 'rotating' ? { subset: (Math.floor(this.#now().getTime() / 86_400_000) % 10) + 1, of: 10 } : data;
    return this.#failing('backup.verified', targetId, () =>
      this.#withRepository(targetId, async (repository) => {
        const report = await checkRepository(repository, { readData }, { signal: control.signal, onProgress: control.progress });
        const clean = report.problems.length === 0;
        this.deps.audit.record('backup.verified', clean ? 'ok' : 'failed', { target: targetId, count: report.problems.length, entries: report.snapshots, records: report.dataBlobs, action: data === 'none' ? 'verify' : 'verifyData', ...(clean ? {} : { detail: report.problems.slice(0, 5).map((item) => `${item.problem} ${item.object}`).join('; ') }) });
        return {
          kind: 'verify' as const,
          clean,
          snapshots: report.snapshots,
          problems: report.problems.slice(0, 200).map(({ object, problem }) => ({ object, problem })),
          notes: report.unindexedPacks.length,
          dataBlobs: report.dataBlobs,
        };
      }),
    );
  }

  /**
   * The restore drill (docs/backup-repository.md, "Restore drill"): the snapshot's files opened and
   * compared, in memory, with the folder it was made from as it is now — nothing written. Only where
   * the snapshot may be restored (it is decrypted); a backup of the app's stores has no folder to
   * compare with (`backup.drillSourceMissing`). Audited `backup.drilled`: ok, or failed with the count.
   */
  async drill(targetId: string, snapshotId: string, control: BackupControl): Promise<Extract<BackupJobValue, { kind: 'drill' }>> {
    return this.#failing('backup.drilled', targetId, () =>
      this.#withRepository(targetId, async (repository) => {
        await this.#assertMayRestore(repository, snapshotId, targetId, true);
        const [folder] = (await repository.snapshot(snapshotId)).paths;
        if (folder === undefined || !path.isAbsolute(folder)) throw new DomainError('backup.drillSourceMissing');
        const report = await restoreDrill(repository, snapshotId, folder, { signal: control.signal, onProgress: control.progress });
        const count = report.differences.length;
        this.deps.audit.record('backup.drilled', count === 0 ? 'ok' : 'failed', { target: targetId, hash: snapshotId, file: folder, count: report.files, bytes: report.bytes, entries: count, ...(count === 0 ? {} : { detail: report.differences.slice(0, 5).map((item) => `${item.kind} ${item.path}`).join('; ') }) });
        return { kind: 'drill' as const, snapshot: snapshotId, folder, files: report.files, bytes: report.bytes, differences: report.differences.slice(0, 200).map((item) => ({ ...item })), differenceCount: count };
      }),
    );
  }

  /**
   * Forget by the retention settings (snapshot files only; `dryRun`: say, remove nothing), then, with
   * `prune`, reclaim the space of data no snapshot needs any more. Both audited by the repository code.
   */
  async forget(targetId: string, options: { readonly prune: boolean; readonly dryRun: boolean }, control: BackupControl): Promise<Extract<BackupJobValue, { kind: 'forget' }>> {
    const retention = this.deps.settings.read().retention;
    return this.#failing('backup.forgotten', targetId, () =>
      this.#withRepository(targetId, async (repository) => {
        const audit = this.#repositoryAudit(targetId);
        const hooks = { signal: control.signal, onProgress: control.progress };
        const forgotten = await forgetSnapshots(repository, retention, { dryRun: options.dryRun, audit }, hooks);
        const pruned = options.prune ? await pruneRepository(repository, { dryRun: options.dryRun, audit }, hooks) : undefined;
        return { kind: 'forget' as const, dryRun: options.dryRun, kept: forgotten.kept.length, removed: forgotten.removed.map((item) => item.id), freedBytes: pruned === undefined ? 0 : Math.max(0, pruned.bytesBefore - pruned.bytesAfter) };
      }),
    );
  }

  /**
   * Work on the open repository for another room of the capability (the key holders): the same
   * opening, checks against what this workstation remembers, failure words and audit as the rest.
   */
  async withOpenRepository<T>(kind: BackupOperation | undefined, targetId: string, work: (repository: Repository, keys: readonly TokenKeyHolder[], audit: BackupAudit, signing: KeyStateSigning) => Promise<T>): Promise<T> {
    const opened = () => this.#withRepository(targetId, (repository, keys, _level, _zone, opener) => work(repository, keys, this.#repositoryAudit(targetId), { signer: opener.signer, previous: this.deps.settings.read().repositories[targetId]?.keyState ?? null }));
    // A listing (no kind) changes nothing: its failure is told, not audited as a failed change.
    return kind === undefined ? opened() : this.#failing(kind, targetId, opened);
  }

  /** After this workstation's own change of the key files: its record and newest generation are the ones to hold to from now on. */
  rememberKeys(targetId: string, repository: Repository): void {
    this.#rememberState(targetId, repository, repository.keyState ?? this.deps.settings.read().repositories[targetId]?.keyState);
  }

  /** The key set as opened now, with the record that vouches for it (none: held to as is, like a repository made before records). */
  #rememberState(targetId: string, repository: Repository, keyState: string | undefined): void {
    const seen = { ...knownOf(repository), ...(keyState === undefined ? {} : { keyState }) };
    this.deps.settings.update((settings) => ({ ...settings, repositories: { ...settings.repositories, [targetId]: seen } }));
  }

  /**
   * The officer's explicit "accept this key generation" (docs "Accepting a new generation"): the
   * repository's key set as this token opens it now becomes the one remembered, with the newest
   * record that claims it. Audited `backup.keyGenerationAccepted` (outcome `acceptedByOfficer`).
   * `confirmed`: the generation the officer was shown and confirmed (the command line's `--generation`);
   * another one found now is not accepted (`backup.keyGenerationNotConfirmed`).
   */
  async acceptKeyGeneration(targetId: string, confirmed?: number): Promise<{ generation: number; signedBy?: string }> {
    return this.#failing('backup.keyGenerationAccepted', targetId, () =>
      this.#withRepository(
        targetId,
        async (repository) => {
          const seen = knownOf(repository);
          if (confirmed !== undefined && confirmed !== seen.generation) throw new DomainError('backup.keyGenerationNotConfirmed');
          // A place not remembered before: the officer's own first sight of it (the command line's refused place).
          const outcome = this.deps.settings.read().repositories[targetId] === undefined ? { outcome: 'firstSight', action: 'keyAccept' } : { outcome: 'acceptedByOfficer' };
          const claim = claimOf(await readKeyStates(repository.target, seen.id), { generation: seen.generation, keyCheck: seen.generationCheck });
          this.#rememberState(targetId, repository, claim?.id);
          this.deps.audit.record('backup.keyGenerationAccepted', 'ok', { target: targetId, generation: seen.generation, ...outcome, ...(claim === undefined ? {} : { fingerprint: claim.signer }) });
          const signedBy = claim === undefined ? undefined : signerName(claim);
          return { generation: seen.generation, ...(signedBy === undefined ? {} : { signedBy }) };
        },
        'asFound',
      ),
    );
  }

  /** The repository code's own events (init, holders, forget, prune), with the target they happened at. */
  #repositoryAudit(targetId: string): BackupAudit {
    return (event) => this.deps.audit.record(event.kind, event.result, { ...event.details, target: targetId });
  }

  #live(): { policy: ZonePolicy; zone: string } {
    const live = this.deps.zones.livePolicy();
    if (live === undefined) throw new DomainError('zone.noneActive');
    return live;
  }

  #targetPolicy(targetId: string): BackupTargetPolicy {
    const live = this.#live();
    const target = backupTargetsFor(live.policy, live.zone).find((item) => item.id === targetId);
    if (target === undefined) {
      this.deps.audit.record('backup.failed', 'refused', { target: targetId, zone: live.zone, code: 'backup.targetNotAllowed' });
      throw new DomainError('backup.targetNotAllowed');
    }
    return target;
  }

  async #target(targetId: string): Promise<{ target: BackupTarget; keys: readonly TokenKeyHolder[]; level: Classification; zone: string }> {
    const policyTarget = this.#targetPolicy(targetId);
    const live = this.#live();
    const keys = await this.deps.keys();
    if (keys.length === 0) throw new DomainError('token.keyNotFound');
    const level = live.policy.zones.find((zone) => zone.id === live.zone)?.highestClassification;
    if (level === undefined) throw new DomainError('zone.noneActive');
    const means = this.deps.means?.(policyTarget, keys) ?? this.#means(policyTarget, keys, live.zone);
    return { target: policyBackupTarget(live.policy, live.zone, targetId, means), keys, level, zone: live.zone };
  }

  #means(target: BackupTargetPolicy, keys: readonly TokenKeyHolder[], zone: string): TargetMeans {
    switch (target.place.kind) {
      case 'removableMedia': {
        const folder = this.deps.settings.read().targetFolders[target.id];
        if (folder === undefined) throw new DomainError('backup.folderNotChosen');
        return { folder };
      }
      case 'sftp': {
        // The official's EC key on the token authenticates (docs/backup-repository.md "SFTP"); RSA keys cannot.
        const ec = keys.find((key) => key.signer.scheme === 'ecdsaSha256');
        if (ec === undefined) throw new DomainError('token.keyNotFound');
        return { sftpClientKey: new TokenSshAgent(ec.signer) };
      }
      case 'objectStore': {
        // The live zone's messaging connection (pinned TLS, the official's NKEY); leaving the zone or a lock closes it, and the run fails with it.
        if (this.deps.messaging === undefined) throw new DomainError('messaging.notConnected');
        return { connection: this.deps.messaging.connectionFor(zone) };
      }
    }
  }

  /**
   * Opens the repository with one of the token's keys (the first that holds it), initialising it on
   * first use; then holds it against what this workstation remembers (id, newest generation).
   * `making` (init): a place not remembered may get a new repository even when first sight is refused.
   */
  async #open(targetId: string, target: BackupTarget, keys: readonly TokenKeyHolder[], making = false): Promise<{ repository: Repository; opener: TokenKeyHolder }> {
    const known = this.deps.settings.read().repositories[targetId];
    if (!(await target.exists('config'))) {
      // A repository this workstation knew has gone (another drive, a wiped folder): never made again silently over it.
      if (known !== undefined) throw new DomainError('backup.notThisRepository');
      // A place refused on first sight with nothing there (a mistyped folder): only init makes a repository at it.
      if (this.deps.firstSight === 'refuse' && !making) throw new DomainError('backup.placeNotRemembered', { placeNotRemembered: {} });
      const recovery = this.deps.zones.recoveryCertificate();
      if (recovery === undefined) throw new DomainError('backup.noRecoveryCertificate');
      const user = keys[0] as TokenKeyHolder;
      await initRepository(target, [{ certificateDer: user.certificateDer, role: 'user' }, { certificateDer: recovery, role: 'recovery' }], this.#repositoryAudit(targetId), { signer: user.signer, previous: null });
      const opened = await openWith(target, keys);
      this.#rememberState(targetId, opened.repository, claimOf(await readKeyStates(target, opened.repository.config.id), knownCheck(opened.repository))?.id);
      return opened;
    }
    const opened = await openWith(target, keys);
    try {
      await this.#holdToKnown(targetId, opened.repository, known);
    } catch (error) {
      opened.repository.close();
      throw error;
    }
    return opened;
  }

  async #openAsFound(targetId: string, target: BackupTarget, keys: readonly TokenKeyHolder[]): Promise<{ repository: Repository; opener: TokenKeyHolder }> {
    if (!(await target.exists('config'))) throw new DomainError('backup.notThisRepository');
    const opened = await openWith(target, keys);
    const known = this.deps.settings.read().repositories[targetId];
    if (known !== undefined && (known.id !== opened.repository.config.id || known.keyCheck !== opened.repository.config.keyCheck)) {
      opened.repository.close();
      throw new DomainError('backup.notThisRepository');
    }
    return opened;
  }

  /**
   * The config must be the one remembered, and the key set's newest generation the remembered one or
   * one its signed key-state records lead to from the remembered record (docs "Accepting a new
   * generation"); the first opening remembers what it finds (trust on first use, audited).
   */
  async #holdToKnown(targetId: string, repository: Repository, known: KnownRepository | undefined): Promise<void> {
    const seen = knownOf(repository);
    const check = knownCheck(repository);
    const records = await readKeyStates(repository.target, seen.id);
    if (known === undefined) {
      if (this.deps.firstSight === 'refuse') throw new DomainError('backup.placeNotRemembered', { placeNotRemembered: { generation: seen.generation } });
      const claim = claimOf(records, check);
      this.#rememberState(targetId, repository, claim?.id);
      this.deps.audit.record('backup.keyGenerationAccepted', 'ok', { target: targetId, generation: seen.generation, outcome: 'firstSight', ...(claim === undefined ? {} : { fingerprint: claim.signer }) });
      return;
    }
    if (known.id !== seen.id || known.keyCheck !== seen.keyCheck) {
      this.deps.audit.record('backup.failed', 'refused', { target: targetId, code: 'backup.notThisRepository' });
      throw new DomainError('backup.notThisRepository');
    }
    const unchanged = known.generation === seen.generation && known.generationCheck === seen.generationCheck;
    const from = known.keyState === undefined ? undefined : records.find((record) => record.id === known.keyState);
    if (from === undefined) {
      // Remembered before records existed (or the remembered record has gone): only the same generation, now with the record that claims it.
      if (unchanged) {
        const claim = known.keyState === undefined ? claimOf(records, check) : undefined;
        if (claim !== undefined) this.#rememberState(targetId, repository, claim.id);
        return;
      }
      const claim = claimOf(records, check);
      this.#refuseGeneration(targetId, { reason: claim === undefined ? 'unsigned' : 'notFollowing', ...withClaim(claim) }, seen.generation);
    }
    const answer = await followKeyStates(records, from as KeyStateRecord, check, (der) => this.#signerTrusted(der));
    if (!answer.accepted) this.#refuseGeneration(targetId, answer, seen.generation);
    if (answer.record.id === known.keyState) return;
    this.#rememberState(targetId, repository, answer.record.id);
    if (!unchanged) this.deps.audit.record('backup.keyGenerationAccepted', 'ok', { target: targetId, generation: seen.generation, outcome: 'signedRecord', fingerprint: answer.record.signer, count: answer.steps.length });
  }

  #refuseGeneration(targetId: string, answer: { readonly reason: KeyStateRefusal; readonly record?: KeyStateRecord }, generation: number): never {
    const { record, reason } = answer;
    this.deps.audit.record('backup.failed', 'refused', { target: targetId, code: 'backup.keyGenerationChanged', generation, problem: reason, ...(record === undefined ? {} : { fingerprint: record.signer }) });
    const signedBy = record === undefined ? undefined : signerName(record);
    const notice: KeyGenerationNotice = { generation, reason, ...(signedBy === undefined ? {} : { signedBy }), ...(record === undefined ? {} : { signedAt: record.body.signedAt }) };
    throw new DomainError('backup.keyGenerationChanged', { keyGeneration: notice });
  }

  /** The signer of a record must chain to the pinned roots, be valid now and not revoked (the CRLs held): fail closed otherwise. */
  async #signerTrusted(certificateDer: Buffer): Promise<boolean> {
    const trust = this.deps.trust;
    if (trust === undefined) return false;
    try {
      const intermediates = trust.intermediates.map((item) => (typeof item === 'string' ? item : new Uint8Array(item)));
      const validation = await validateCertificate(new Uint8Array(certificateDer), { intermediates, anchors: trust.anchors, crls: trust.crls, at: this.#now(), purpose: 'signature' });
      return validation.status !== 'invalid';
    } catch {
      return false;
    }
  }

  /** `asFound`: the officer's accept — the config must be the remembered one, the key set is taken as it is. */
  async #withRepository<T>(targetId: string, work: (repository: Repository, keys: readonly TokenKeyHolder[], level: Classification, zone: string, opener: TokenKeyHolder) => Promise<T>, opening: 'held' | 'asFound' = 'held'): Promise<T> {
    const { target, keys, level, zone } = await this.#target(targetId);
    try {
      const { repository, opener } = opening === 'held' ? await this.#open(targetId, target, keys) : await this.#openAsFound(targetId, target, keys);
      try {
        return await work(repository, keys, level, zone, opener);
      } finally {
        repository.close();
      }
    } catch (error) {
      throw backupFailure(error);
    } finally {
      await target.close();
    }
  }

  async #assertMayRestore(repository: Repository, snapshotId: string, targetId: string, audited: boolean): Promise<void> {
    const live = this.#live();
    const level = levelOf((await repository.snapshot(snapshotId)).level);
    if (mayRestore(live.policy, live.zone, level)) return;
    if (audited) this.deps.audit.record('backup.restored', 'refused', { target: targetId, hash: snapshotId, level, zone: live.zone });
    throw new DomainError('backup.restoreNotAllowed');
  }

  /** Audits a failure of `kind`'s operation (other than a refusal already audited) and rethrows it as the user's error. */
  async #failing<T>(kind: keyof typeof ACTION_OF, targetId: string, work: () => Promise<T>, also: { readonly run?: string } = {}): Promise<T> {
    try {
      return await work();
    } catch (cause) {
      const error = backupFailure(cause);
      const code = error instanceof DomainError ? error.code : 'ipc.internal';
      if (code !== 'backup.targetNotAllowed' && code !== 'backup.restoreNotAllowed' && code !== 'backup.notThisRepository' && code !== 'backup.keyGenerationChanged') {
        this.deps.audit.record('backup.failed', REFUSALS.includes(code) ? 'refused' : 'failed', { target: targetId, action: ACTION_OF[kind], code, ...also });
      }
      throw error;
    }
  }

  #remember(result: BackupRunResult): void {
    this.deps.settings.update((settings) => ({
      ...settings,
      lastRuns: { ...settings.lastRuns, [result.target]: result },
      lastScheduled: result.trigger === 'scheduled' ? result : settings.lastScheduled,
    }));
  }
}

/** Opens with the first of the token's keys that holds a key file. */
async function openWith(target: BackupTarget, keys: readonly TokenKeyHolder[]): Promise<{ repository: Repository; opener: TokenKeyHolder }> {
  let lastError: unknown;
  for (const key of keys) {
    try {
      return { repository: await openRepository(target, key), opener: key };
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

const knownCheck = (repository: Repository) => ({ generation: repository.current.generation, keyCheck: keyCheckOf(repository.current, repository.config.id) });
const withClaim = (record: KeyStateRecord | undefined) => (record === undefined ? {} : { record });

/** The signer's name as its certificate gives it (CN, else the whole subject), for the user's words. */
function signerName(record: KeyStateRecord): string | undefined {
  try {
    const info = certificateInfo(record.certificateDer);
    return (info.subject.commonName ?? info.subject.display).slice(0, 200);
  } catch {
    return undefined;
  }
}

/** What a workstation remembers of an open repository: its id and newest generation with that generation's key check. */
function knownOf(repository: Repository): KnownRepository {
  const { id, keyCheck } = repository.config;
  const newest = repository.current;
  return { id, keyCheck, generation: newest.generation, generationCheck: keyCheckOf(newest, id) };
}

/** A new folder `name`, "name (2)", … under `destination`: mkdir never replaces, so nothing there is overwritten. */
export async function freeFolder(destination: string, name: string): Promise<string> {
  await mkdir(destination, { recursive: true });
  for (let number = 1; number <= 999; number++) {
    const candidate = path.join(destination, numberedName(name, number));
    try {
      await mkdir(candidate, { mode: 0o700 });
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw Object.assign(new Error(`no free name for ${name}`), { code: 'EEXIST' });
}
