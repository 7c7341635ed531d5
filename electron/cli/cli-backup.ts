// `airlock backup init|run|list|restore|check|drill|forget|prune|keys`: backups for cipher officers and schedulers, on the
// app's own backup service (electron/core/backup/backup-service.ts), docs/backup-repository.md
// "Command line".
import type { BackupJobValue, BackupProgress, BackupRetention, SnapshotView } from '../../shared/domain/backup.js';
import path from 'node:path';
import type { RecordedDetails } from '../core/audit/audit-entry.js';
import type { AuditRecorder } from '../core/audit-recorder.js';
import { BackupService, type BackupControl, type BackupMessagingPort, type BackupZonePort, type VerifyData } from '../core/backup/backup-service.js';
import { cliMessaging } from './cli-backup-messaging.js';
import { KnownFileSettings } from './cli-known-keys.js';
import { restoredFolderName } from '../core/backup/capability.js';
import type { CertificateTrust } from '../core/certificates/capability.js';
import { DomainError } from '../core/domain-error.js';
import type { TokenKeyHolder } from '../core/token/token-key-holders.js';
import type { ZonePolicy } from '../core/zones/policy-schema.js';
import { KEY_HOLDER_REFUSALS, KEYS_USAGE, runKeysCommand, splitKeysArgs, type KeyCommand } from './cli-backup-keys.js';
import { strictOptions, TOKEN_OPTIONS, UsageError } from './cli-args.js';

export const BACKUP_COMMANDS = ['init', 'run', 'list', 'restore', 'check', 'drill', 'forget', 'prune', 'keys'] as const;

export interface BackupArgs {
  readonly command: `backup ${Exclude<(typeof BACKUP_COMMANDS)[number], 'keys'>}` | `backup keys ${KeyCommand}`;
  /** keys add: the certificate file (absolute); keys remove: the holder's fingerprint. */
  readonly holder: string | undefined;
  readonly policy: string;
  readonly zone: string;
  readonly target: string;
  /** Removable media: the repository's folder on the drive. */
  readonly folder: string | undefined;
  /** The messaging cluster's object store: the official's hand-over, for one connection of this run. */
  readonly messaging: string | undefined;
  /** run: the folders to back up. */
  readonly sources: readonly string[];
  /** restore, drill: the snapshot (64 hex digits, or "latest"); restore: the destination, the chosen paths. */
  readonly snapshot: string | undefined;
  readonly to: string | undefined;
  readonly paths: readonly string[];
  /** check: how much data to read. */
  readonly readData: VerifyData;
  /** forget: prune too; forget/prune: say what would go, change nothing. */
  readonly prune: boolean;
  readonly dryRun: boolean;
  /** retention for forget/prune (restic's --keep-*); at least one. */
  readonly retention: BackupRetention | undefined;
  /** The officer's memory of the places' keys between runs (cli-known-keys.ts); required: a run without it would trust any key generation it finds. */
  readonly known: string;
  /** --new-known: `known` is a new memory, made by this run (it must not exist); else it must exist. */
  readonly newKnown: boolean;
  /** keys accept: the key generation the officer confirms (the one the refusal named). */
  readonly generation: number | undefined;
  /** CRLs the policy signer's revocation status is checked with (as for the other commands). */
  readonly crls: readonly string[];
  readonly token: string | undefined;
  readonly pinEnv: string | undefined;
  readonly pinStdin: boolean;
  readonly json: boolean;
}

export const BACKUP_USAGE = `airlock backup <init|run|list|restore|check|drill|forget|prune> --policy ZONES.policy.json --zone ZONE --target ID
           [--folder DIR]                (removable media: the backups' folder on the drive) [--crl FILE …]
           [--messaging HANDOVER.alc]    (the messaging cluster: the cipher officer's hand-over to you)
           --known FILE | --new-known FILE  (required: your memory of the places' keys between runs, see below)
  init     prepares the place: a repository wrapped to this token's key and the policy's recovery certificate
  run      --source DIR [--source DIR …]  one snapshot per folder, signed on the token at the zone's level
  list     the snapshots, newest first: time, files, bytes, level, whether this zone may restore it
  restore  --snapshot ID|latest --to DIR [--path P …]  into a new folder under DIR ("Khôi phục <date>",
           "(2)" when taken; nothing is overwritten); only in a zone allowed to hold the snapshot's level
  check    [--read-data | --read-data-rotating]  the structure check: every file read, every problem named;
           with --read-data every blob opened too, --read-data-rotating a different tenth each day
  drill    ID|latest (or --snapshot ID|latest)  the restore drill: every file of the snapshot opened and
           compared, in memory, with the folder it was made from as it is now; nothing is written
  forget   --keep-last N [--keep-daily N] [--keep-weekly N] [--keep-monthly N] [--prune] [--dry-run]
           removes the backups the rules do not keep (restic's rules); --prune also reclaims their data
  prune    the same rules, forget then prune
${KEYS_USAGE}
  The zone is the one this workstation is in; the signed policy (its .sig and .chain.pem beside it,
  checked against AIRLOCK_TRUST_ANCHORS and the --crl files; a refused policy is exit 10) decides which targets it may use. Token and PIN options as
  for the other commands. Every run is recorded in the workstation's audit log like the app's.
  Keys: every command needs --known FILE, an existing memory, or --new-known FILE, a new one (without
  either: exit 2, nothing opened). A run holds the place to the repository and key generation it last
  accepted there (FILE is written when that changes, whole or not at all). A --known FILE that does not
  exist (a mistyped path) is refused: exit 14, nothing opened, nothing made. --new-known FILE starts a
  memory: FILE must not exist and its folder must (no folder is made; else exit 14); it is made when
  the run first remembers a place; there (and only in a new memory) the place's first sight is
  trusted, audited and written to FILE (keyGeneration firstSight). A place an existing FILE has no
  entry for (another --target or --folder: mistyped, or a look-alike) is refused (exit 12,
  backup.placeNotRemembered, nothing read or written) until the officer adds it: keys accept
  --generation N (a repository there; audited firstSight) or init (a new repository there).
  A new generation is followed only when signed on the token of a key holder of
  the one remembered; any other is refused (exit 12, backup.keyGenerationChanged, who signed it and why
  it was not taken): nothing is read or written until an officer runs keys accept. A damaged FILE:
  exit 14, nothing done, FILE unchanged.
  The messaging cluster's object store needs a messaging connection: --messaging opens your
  hand-over on the token (in memory, nothing kept) and connects for this run, only in a zone whose
  policy allows messaging (else exit 10); without it, or with no server answering, exit 11.
  Exit codes: 0 ok, 2 usage, 3 token or PIN, 5 check found damage, drill found differences, or a
  damaged repository (the folder a drill compares with missing: 1), 10 refused
  by the policy (target or restore level), 11 the place failed (full, unreachable, refused),
  12 not this repository's keys, a key generation not accepted or a place not in --known, 13 a key holder change refused (certificate not the organisation's or
  revoked, the recovery certificate or the last token, already or not a holder), 14 the --known file missing,
  damaged or not writable, or the --new-known file already there, 130 interrupted (the repository stays valid), 1 anything else.`;

/** Every backup command opens the place's keys: without the officer's memory of them it would trust any key generation planted there (fail closed). */
export const KNOWN_REQUIRED =
  'backup cần --known TỆP: trí nhớ của bạn về khoá của từng nơi cất, để khoá do người khác cài vào nơi cất bị từ chối; lần đầu, tạo trí nhớ mới bằng --new-known TỆP. / backup needs --known FILE: your memory of each place\'s keys, so that a key generation someone planted at the place is refused; the first time, start a new memory with --new-known FILE.';

export function parseBackupArgs(argv: readonly string[]): BackupArgs {
  const [sub, ...afterSub] = argv;
  if (!(BACKUP_COMMANDS as readonly string[]).includes(sub ?? '')) throw new UsageError(`unknown backup command ${sub ?? '(none)'}`);
  const keys = sub === 'keys' ? splitKeysArgs(afterSub) : undefined;
  // `backup drill <snapshot>`: the snapshot may come first, without --snapshot.
  const rest = keys?.options ?? (sub === 'drill' && afterSub[0] !== undefined && !afterSub[0].startsWith('--') ? ['--snapshot', ...afterSub] : afterSub);
  const parsed = strictOptions(rest, {
    policy: { type: 'string' },
    zone: { type: 'string' },
    target: { type: 'string' },
    folder: { type: 'string' },
    messaging: { type: 'string' },
    source: { type: 'string', multiple: true },
    snapshot: { type: 'string' },
    to: { type: 'string' },
    path: { type: 'string', multiple: true },
    crl: { type: 'string', multiple: true },
    known: { type: 'string' },
    'new-known': { type: 'string' },
    generation: { type: 'string' },
    'read-data': { type: 'boolean' },
    'read-data-rotating': { type: 'boolean' },
    prune: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    'keep-last': { type: 'string' },
    'keep-daily': { type: 'string' },
    'keep-weekly': { type: 'string' },
    'keep-monthly': { type: 'string' },
    ...TOKEN_OPTIONS,
  });
  const { policy, zone, target } = parsed;
  if (policy === undefined || zone === undefined || target === undefined) throw new UsageError('backup needs --policy, --zone and --target');
  if (parsed.known !== undefined && parsed['new-known'] !== undefined) throw new UsageError('--known FILE (a memory you have) or --new-known FILE (a new one), not both');
  const known = parsed.known ?? parsed['new-known'];
  if (known === undefined) throw new UsageError(KNOWN_REQUIRED);
  if (keys?.action === 'accept' && parsed.generation === undefined) throw new UsageError('backup keys accept needs --generation N: the key generation the refusal named, which you confirmed');
  if (parsed.generation !== undefined && (keys?.action !== 'accept' || !/^[1-9]\d{0,8}$/.test(parsed.generation))) throw new UsageError('--generation N: a number above 0, only with keys accept');
  const sources = parsed.source ?? [];
  if (sub === 'run' && sources.length === 0) throw new UsageError('backup run needs --source DIR (one or more)');
  if (sub === 'restore' && (parsed.snapshot === undefined || parsed.to === undefined)) throw new UsageError('backup restore needs --snapshot and --to');
  if (sub === 'drill' && parsed.snapshot === undefined) throw new UsageError('backup drill needs the snapshot: an id or "latest"');
  if (parsed.snapshot !== undefined && parsed.snapshot !== 'latest' && !/^[0-9a-f]{64}$/.test(parsed.snapshot)) throw new UsageError('--snapshot: 64 hex digits or "latest"');
  for (const item of parsed.path ?? []) {
    if (item === '' || item.split('/').some((part) => part === '' || part === '.' || part === '..')) throw new UsageError(`--path ${item}: names inside the backup joined by "/"`);
  }
  const keep = (name: string, value: string | undefined): number => {
    if (value === undefined) return 0;
    if (!/^\d{1,4}$/.test(value)) throw new UsageError(`--keep-${name}: a number`);
    return Number(value);
  };
  const retention = { last: keep('last', parsed['keep-last']), daily: keep('daily', parsed['keep-daily']), weekly: keep('weekly', parsed['keep-weekly']), monthly: keep('monthly', parsed['keep-monthly']) };
  const anyKeep = Object.values(retention).some((count) => count > 0);
  if ((sub === 'forget' || sub === 'prune') && !anyKeep) throw new UsageError(`backup ${sub} needs --keep-last, --keep-daily, --keep-weekly or --keep-monthly (at least one above 0)`);
  return {
    command: keys === undefined ? `backup ${sub as Exclude<(typeof BACKUP_COMMANDS)[number], 'keys'>}` : `backup keys ${keys.action}`,
    holder: keys?.argument,
    policy,
    zone,
    target,
    folder: parsed.folder,
    messaging: parsed.messaging,
    sources,
    snapshot: parsed.snapshot,
    to: parsed.to,
    paths: parsed.path ?? [],
    crls: parsed.crl ?? [],
    known,
    newKnown: parsed['new-known'] !== undefined,
    generation: parsed.generation === undefined ? undefined : Number(parsed.generation),
    readData: parsed['read-data'] === true ? 'all' : parsed['read-data-rotating'] === true ? 'rotating' : 'none',
    prune: parsed.prune === true,
    dryRun: parsed['dry-run'] === true,
    retention: anyKeep ? retention : undefined,
    token: parsed.token,
    pinEnv: parsed['pin-env'],
    pinStdin: parsed['pin-stdin'] === true,
    json: parsed.json === true,
  };
}

/** A check that found damage, or a drill that found differences: the report is the command's answer, the exit code says so. */
export class BackupCheckFailed extends Error {
  constructor(
    readonly report: Record<string, unknown>,
    /** What --json names as the problem. */
    readonly problem: 'backup.damaged' | 'backup.drillDiffers' = 'backup.damaged',
  ) {
    super(problem === 'backup.damaged' ? 'the check found damage' : 'the backup differs from the current data');
  }
}

export interface BackupCommandDeps {
  /** The place's memory, loaded first (knownMemory): a missing or damaged file stops the run before anything is opened. */
  readonly known: KnownFileSettings;
  readonly policy: ZonePolicy;
  readonly holders: readonly TokenKeyHolder[];
  readonly audit: AuditRecorder;
  /** The roots, intermediates and CRLs the policy was checked with: an added key holder must chain to them too. */
  readonly trust: Pick<CertificateTrust, 'anchors' | 'intermediates' | 'crls'>;
  readonly signal: AbortSignal;
  readonly progress: (progress: BackupProgress) => void;
}

/**
 * The --known (or --new-known) file's memory for this run's place — the target, and for removable
 * media the folder (another folder is another repository, as in the app). Read before anything else
 * is opened: a missing, damaged or (--new-known) existing file is a KnownFileError.
 */
export function knownMemory(args: BackupArgs): KnownFileSettings {
  const initial = { folders: [...args.sources], targetFolders: args.folder === undefined ? {} : { [args.target]: path.resolve(args.folder) }, ...(args.retention === undefined ? {} : { retention: args.retention }) };
  return KnownFileSettings.load(args.known, { target: args.target, folder: args.folder === undefined ? null : path.resolve(args.folder) }, initial, { existing: !args.newKnown });
}

/** Runs one backup command on the app's service; the answer is what --json prints. */
export async function runBackupCommand(args: BackupArgs, deps: BackupCommandDeps): Promise<Record<string, unknown>> {
  const { policy } = deps;
  if (!policy.zones.some((zone) => zone.id === args.zone)) throw new UsageError(`--zone ${args.zone} is not a zone of the policy`);
  const zones = { livePolicy: () => ({ policy, zone: args.zone }), recoveryCertificate: () => (policy.recoveryCertificate === undefined ? undefined : new Uint8Array(Buffer.from(policy.recoveryCertificate, 'base64'))) };
  const messaging = args.messaging === undefined ? undefined : await cliMessaging(args.messaging, { policy, zone: args.zone, holders: deps.holders, trust: { ...deps.trust, now: () => new Date() } });
  try {
    return await runOnService(args, deps, zones, messaging?.port);
  } finally {
    await messaging?.close();
  }
}

async function runOnService(args: BackupArgs, deps: BackupCommandDeps, zones: BackupZonePort, messaging: BackupMessagingPort | undefined): Promise<Record<string, unknown>> {
  const settings = deps.known;
  const keyEvents = keyGenerationEvents(deps.audit);
  const service = new BackupService({
    zones,
    ...(messaging === undefined ? {} : { messaging }),
    keys: () => Promise.resolve(deps.holders),
    settings,
    audit: keyEvents.audit,
    firstSight: settings.firstSight,
    restoredFolderName: (time) => restoredFolderName('vi', time),
    trust: deps.trust,
  });
  const report = await runCommand(args, deps, zones, service);
  return { ...report, ...keyReport(args.known, keyEvents.accepted) };
}

/** Passes every event on, keeping the key generations this run accepted (what the output says of the keys). */
function keyGenerationEvents(audit: AuditRecorder): { audit: AuditRecorder; accepted: RecordedDetails[] } {
  const accepted: RecordedDetails[] = [];
  return {
    accepted,
    audit: {
      record: (kind, result, details) => {
        if (kind === 'backup.keyGenerationAccepted' && result === 'ok' && details !== undefined) accepted.push(details);
        audit.record(kind, result, details);
      },
    },
  };
}

/**
 * What the output says of the keys: where they are remembered (`keyMemory`: the --known file), and a
 * generation this run took — on first sight, by a signed record or by the officer.
 */
function keyReport(known: string, accepted: readonly RecordedDetails[]): Record<string, unknown> {
  const last = accepted.at(-1);
  const keyGeneration = last === undefined ? undefined : { outcome: last['outcome'], generation: last['generation'], ...(last['fingerprint'] === undefined ? {} : { signer: last['fingerprint'] }) };
  return { keyMemory: path.resolve(known), ...(keyGeneration === undefined ? {} : { keyGeneration }) };
}

async function runCommand(args: BackupArgs, deps: BackupCommandDeps, zones: BackupZonePort, service: BackupService): Promise<Record<string, unknown>> {
  const control: BackupControl = { signal: deps.signal, progress: deps.progress };
  switch (args.command) {
    case 'backup keys accept':
      return { accepted: true, ...(await service.acceptKeyGeneration(args.target, args.generation)) };
    case 'backup keys list':
    case 'backup keys add':
    case 'backup keys remove':
    case 'backup keys rekey':
      return { ...(await runKeysCommand(args.command.slice('backup keys '.length) as Exclude<KeyCommand, 'accept'>, args.holder, args.target, { backups: service, zones, trust: deps.trust })) };
    case 'backup init':
      return await service.init(args.target);
    case 'backup run':
      return runReport(await service.run(args.target, 'scheduled', control));
    case 'backup forget':
    case 'backup prune': {
      const forgotten = await service.forget(args.target, { prune: args.command === 'backup prune' || args.prune, dryRun: args.dryRun }, control);
      return { dryRun: forgotten.dryRun, kept: forgotten.kept, removed: forgotten.removed, freedBytes: forgotten.freedBytes };
    }
    case 'backup list':
      return { snapshots: await service.snapshots(args.target) };
    case 'backup restore': {
      const snapshot = args.snapshot === 'latest' ? latest(await service.snapshots(args.target)) : (args.snapshot ?? '');
      const restored = await service.restore(args.target, snapshot, args.to ?? '', args.paths.length === 0 ? undefined : args.paths, control);
      return { snapshot, folder: restored.folder, files: restored.files, bytes: restored.bytes };
    }
    case 'backup drill': {
      const snapshot = args.snapshot === 'latest' ? latest(await service.snapshots(args.target)) : (args.snapshot ?? '');
      const drilled = await service.drill(args.target, snapshot, control);
      const report = { snapshot, folder: drilled.folder, files: drilled.files, bytes: drilled.bytes, same: drilled.differenceCount === 0, differenceCount: drilled.differenceCount, differences: drilled.differences };
      if (drilled.differenceCount > 0) throw new BackupCheckFailed(report, 'backup.drillDiffers');
      return report;
    }
    case 'backup check': {
      const checked = await service.verify(args.target, args.readData, control);
      const report = { clean: checked.clean, snapshots: checked.snapshots, problems: checked.problems, unindexedPacks: checked.notes, dataBlobs: checked.dataBlobs };
      if (!checked.clean) throw new BackupCheckFailed(report);
      return report;
    }
  }
}

function runReport(value: Extract<BackupJobValue, { kind: 'run' }>): Record<string, unknown> {
  const { snapshots, files, bytes, newBytes } = value.result;
  return { snapshots, files, bytes, newBytes };
}

function latest(snapshots: readonly SnapshotView[]): string {
  const [newest] = snapshots;
  if (newest === undefined) throw new UsageError('--snapshot latest: there is no backup at this target yet');
  return newest.id;
}

/** The exit code of a backup command's failure (BACKUP_USAGE). */
export function backupExitCode(error: unknown): number | undefined {
  if (error instanceof BackupCheckFailed) return 5;
  if (!(error instanceof DomainError)) return undefined;
  const code = error.code;
  if (code === 'backup.cancelled') return 130;
  if (code === 'backup.targetNotAllowed' || code === 'backup.restoreNotAllowed' || code === 'zone.noneActive' || code === 'messaging.zoneWithoutMessaging' || code === 'zone.levelTooHigh') return 10;
  if (code === 'backup.targetFull' || code === 'backup.targetUnreachable' || code === 'backup.targetRefused' || code === 'backup.hostKeyMismatch' || code === 'backup.targetWriteUnverified' || code === 'backup.folderNotChosen' || code === 'messaging.notConnected') return 11;
  if (code === 'backup.notKeyHolder' || code === 'backup.notThisRepository' || code === 'backup.keyGenerationChanged' || code === 'backup.keyGenerationNotConfirmed' || code === 'backup.placeNotRemembered') return 12;
  if (KEY_HOLDER_REFUSALS.includes(code)) return 13;
  if (code === 'backup.repositoryDamaged' || code === 'backup.snapshotSignatureInvalid' || code === 'backup.targetDamaged') return 5;
  return undefined;
}

/** The officer's words for a refusal that needs them to act (Vietnamese first); others are told by their code alone. */
export function backupWords(error: unknown, args?: Pick<BackupArgs, 'known' | 'target' | 'folder'>): string | undefined {
  if (!(error instanceof DomainError)) return undefined;
  if (error.code === 'backup.placeNotRemembered' && args !== undefined) return placeWords(args, error.details?.placeNotRemembered?.generation);
  if (error.code === 'backup.keyGenerationNotConfirmed') return 'Khoá ở nơi cất không phải thế hệ --generation bạn xác nhận; chưa chấp nhận gì. / The key at the place is not the --generation you confirmed; nothing was accepted.';
  if (error.code !== 'backup.keyGenerationChanged') return undefined;
  const notice = error.details?.keyGeneration;
  if (notice === undefined) return 'Khoá ở nơi cất khác với khoá đã ghi nhớ; không đọc, không ghi gì. / The key at the place is not the one remembered; nothing was read or written.';
  const by = notice.signedBy === undefined ? 'không ai ký / signed by nobody' : `ký bởi / signed by ${notice.signedBy}${notice.signedAt === undefined ? '' : ` (${notice.signedAt})`}`;
  return `Nơi cất có khoá thế hệ ${notice.generation} (${by}) mà máy không chấp nhận (${notice.reason}); không đọc, không ghi gì. Chỉ khi cơ quan xác nhận lần thay khoá này: airlock backup keys accept --known FILE --generation ${notice.generation}. / The place has key generation ${notice.generation} (${by}), not accepted (${notice.reason}); nothing was read or written. Only when the office confirms this re-key: airlock backup keys accept --known FILE --generation ${notice.generation}.`;
}

/** A place the existing --known file has no entry for: named with the file, and how to accept it (or make a repository there). */
function placeWords(args: Pick<BackupArgs, 'known' | 'target' | 'folder'>, generation: number | undefined): string {
  const file = path.resolve(args.known);
  const place = args.folder === undefined ? args.target : `${args.target} (${path.resolve(args.folder)})`;
  if (generation === undefined) {
    return `Tệp --known ${file} chưa ghi nhớ nơi cất ${place} và ở đó không có kho sao lưu; không làm gì. Nếu gõ nhầm nơi cất, hãy sửa lại; nếu muốn tạo kho mới ở đó: airlock backup init --known ${file}. / The --known file ${file} does not remember the place ${place} and there is no repository there; nothing was done. If the place is mistyped, correct it; to make a new repository there: airlock backup init --known ${file}.`;
  }
  return `Tệp --known ${file} chưa ghi nhớ nơi cất ${place}; không đọc, không ghi gì. Nếu gõ nhầm nơi cất, hãy sửa lại; chỉ khi bạn đã kiểm tra nơi cất này (khoá thế hệ ${generation}): airlock backup keys accept --known ${file} --generation ${generation}. / The --known file ${file} does not remember the place ${place}; nothing was read or written. If the place is mistyped, correct it; only when you have checked this place (key generation ${generation}): airlock backup keys accept --known ${file} --generation ${generation}.`;
}
