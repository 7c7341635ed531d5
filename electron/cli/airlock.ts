// `airlock encrypt|decrypt|verify|inspect`: the document container for administrators and
// scripts, on the same core as the app (docs/container.md, README); `sign|verify-signature`:
// document signatures (docs/signing.md). Exit codes in cli-args.ts.
// `airlock messaging add-user`: the cipher officer's hand-over of messaging credentials (cli-messaging.ts).
// `airlock backup init|run|list|restore|check|forget|prune|keys`: backups on the app's backup service (cli-backup.ts).
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CrlCache, MemoryCrlStore } from '../core/certificates/revocation.js';
import { TrustAnchors } from '../core/certificates/trust-anchors.js';
import { certificateInfo } from '../core/certificates/certificate-info.js';
import { parseCertificates } from '../core/certificates/parsed-certificate.js';
import { pemOrDer } from '../core/certificates/pem-or-der.js';
import type { AuditKind, RecordedDetails } from '../core/audit/audit-entry.js';
import { DomainError } from '../core/domain-error.js';
import { ContainerError } from '../core/documents/container-error.js';
import { inspectContainer, openContainer } from '../core/documents/container-reader.js';
import { encryptContainer } from '../core/documents/container-writer.js';
import { pkcs11ModulePaths } from '../core/token/module-paths.js';
import { nodeTokenProcessLauncher } from '../platform/node-token-process.js';
import { trustFromEnvironment } from '../platform/trust-config.js';
import { appStoreDir } from '../platform/data-dir.js';
import { parseCliArgs, USAGE, UsageError, type CliArgs } from './cli-args.js';
import { openTokenSession, type CliTokenSession } from './cli-token.js';
import { PinPromptCancelled, promptPin } from './tty-pin.js';
import { openCliAudit } from './cli-audit.js';
import { terminalProgress } from './cli-progress.js';
import { SignatureRefused, signWithToken, verifySignature } from './cli-signing.js';
import { SignatureError } from '../core/document-signing/signature-error.js';
import { MESSAGING_USAGE, parseMessagingArgs, readRoots, type AddUserArgs } from './cli-messaging.js';
import { issueCredentials, provisionUserBucket, reloadServer } from '../core/messaging/credentials-issue.js';
import { RosterError } from '../core/messaging/server-roster.js';
import { BACKUP_USAGE, BackupCheckFailed, backupExitCode, backupWords, knownMemory, parseBackupArgs, runBackupCommand, type BackupArgs } from './cli-backup.js';
import { KnownFileError } from './cli-known-keys.js';
import { loadZonePolicy } from '../core/zones/policy-loader.js';
import { progressPercent } from '../../shared/domain/backup-progress.js';

const EXIT = { ok: 0, other: 1, usage: 2, token: 3, notRecipient: 4, damaged: 5, userExists: 6, rosterUnreadable: 7, reloadFailed: 8, bucketFailed: 9, timestamp: 10, knownFile: 14, interrupted: 130 } as const;

/** The files are written, the running server did not take them: the officer reloads by hand. */
class ReloadFailed extends Error {}
/** Reloaded, but the attachment bucket was not made: the official can receive, not yet send files. */
class BucketFailed extends Error {}

/** `work` again every 250 ms until it succeeds or `ms` have passed (then its last error). */
async function retryFor<T>(work: () => Promise<T>, ms: number): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (Date.now() >= until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

// Ctrl-C or a TERM stops the work through its signal, so the temporary file (plaintext, for
// decrypt) is removed; a second Ctrl-C falls back to the default and ends the process at once.
const interrupted = new AbortController();
for (const name of ['SIGINT', 'SIGTERM'] as const) process.once(name, () => interrupted.abort());

type Report = Record<string, unknown>;

async function run(args: CliArgs): Promise<Report> {
  if (args.command === 'inspect') {
    const layout = await inspectContainer(args.input);
    return { label: layout.header.label, recipients: layout.header.stanzas.map((stanza) => stanza.recipient), claimedSigner: layout.header.signer.fingerprint };
  }
  // Before any key is touched: a workstation log that cannot take the events stops the command.
  const audit = openCliAudit(appStoreDir(process.env, process.platform));
  const kind = AUDITED[args.command];
  const details = { file: path.basename(args.input), ...(args.output === undefined ? {} : { target: path.basename(args.output) }), ...(args.command === 'encrypt' ? { level: args.level } : {}) };
  try {
    const report = args.command === 'verify-signature' ? await verifySignature(args, { ...(await loadTrust(args)), now: () => new Date() }) : await withToken(args);
    audit.record(kind, 'ok', { ...details, ...auditedFacts(report) });
    return { ...report, audited: audit.workstation !== null };
  } catch (error) {
    const problem = error instanceof ContainerError ? `container.${error.problem}` : error instanceof SignatureError ? `signature.${error.problem}` : error instanceof SignatureRefused ? error.problem : error instanceof DomainError ? error.code : 'failed';
    const refused = error instanceof ContainerError || error instanceof SignatureError || error instanceof SignatureRefused;
    audit.record(kind, refused ? 'refused' : 'failed', { ...details, code: problem });
    if (error instanceof SignatureRefused) Object.assign(error.report, { audited: audit.workstation !== null });
    throw error;
  } finally {
    audit.close();
  }
}

/** What each command is in the workstation's log: decrypt puts plaintext on disk, as an export does. */
const AUDITED = { encrypt: 'document.encrypted', verify: 'document.opened', decrypt: 'document.exported', sign: 'document.signed', 'verify-signature': 'document.signatureVerified' } as const satisfies Record<Exclude<CliArgs['command'], 'inspect'>, AuditKind>;

/** The identifying facts of a report, as the app records them (never content, never a PIN). */
function auditedFacts(report: Report): RecordedDetails {
  const label = report['label'] as { level?: string } | undefined;
  const signer = report['signer'] as { fingerprint?: string } | undefined;
  return {
    ...(typeof label?.level === 'string' ? { level: label.level } : {}),
    ...(typeof signer?.fingerprint === 'string' ? { signer: signer.fingerprint } : {}),
    ...(Array.isArray(report['recipients']) ? { recipients: report['recipients'].length } : {}),
    ...(typeof report['plaintextBytes'] === 'number' ? { bytes: report['plaintextBytes'] } : {}),
    ...(typeof report['output'] === 'string' ? { target: path.basename(report['output']) } : {}),
    ...(Array.isArray(report['signatures']) ? { count: report['signatures'].length } : {}),
  };
}

async function withToken(args: CliArgs): Promise<Report> {
  const trust = await loadTrust(args);
  const session = await tokenSession(args);
  try {
    if (args.command === 'encrypt') return await encrypt(args, session, trust.intermediates);
    if (args.command === 'sign') return await signWithToken(args, session.holders, { ...trust, now: () => new Date() }, () => signaturePinFor(args));
    const progress = terminalProgress(args.command === 'decrypt' ? 'decrypting' : 'verifying', showsProgress(args));
    const opened = await openContainer({
      path: args.input,
      keys: session.holders,
      trust: { ...trust, now: () => new Date() },
      sink: args.command === 'decrypt' ? { kind: 'file', path: args.output ?? '' } : { kind: 'discard' },
      signal: interrupted.signal,
      onProgress: progress.update,
    }).finally(progress.end);
    return {
      label: opened.label,
      fileName: opened.metadata.fileName,
      mediaType: opened.metadata.mediaType,
      plaintextBytes: opened.plaintextBytes,
      signer: { subject: opened.signer.subject.display, fingerprint: opened.signer.fingerprint },
      recipients: opened.recipients,
      // The name it got: a taken one becomes "x (2)"…, never overwritten (atomic-output.ts).
      ...(args.command === 'decrypt' ? { output: opened.outputPath ?? args.output } : {}),
    };
  } finally {
    await session.stop();
  }
}

async function encrypt(args: CliArgs, session: CliTokenSession, intermediates: readonly Uint8Array[]): Promise<Report> {
  const [holder] = session.holders;
  if (holder === undefined) throw new DomainError('token.keyNotFound');
  const recipients = args.recipients.flatMap((file) => parseCertificates(readFileSync(file, 'utf8')).slice(0, 1).map((certificate) => certificate.der));
  const size = statSync(args.input).size;
  const progress = terminalProgress('encrypting', showsProgress(args));
  const result = await encryptContainer({
    source: { kind: 'file', path: args.input },
    output: args.output ?? '',
    label: { level: args.level, caveats: [...args.caveats], originator: args.originator ?? '', date: new Date().toISOString().slice(0, 10), declassifyOn: args.declassifyOn },
    metadata: { fileName: path.basename(args.input), mediaType: 'application/octet-stream' },
    recipients,
    signer: holder.signer,
    chain: [...intermediates],
    sizeHint: size,
    signal: interrupted.signal,
    onProgress: (done) => progress.update(done, size),
  }).finally(progress.end);
  return { output: result.output, plaintextBytes: result.plaintextBytes, containerBytes: result.containerBytes, recipients: result.recipients, signer: certificateInfo(holder.certificateDer).subject.display };
}

/**
 * `messaging add-user`: the account, the hand-over and the server file (credentials-issue.ts), then
 * the reload when asked. Audited in the officer's workstation log like the container commands.
 */
async function addMessagingUser(args: AddUserArgs): Promise<Report> {
  const audit = openCliAudit(appStoreDir(process.env, process.platform));
  const details = { target: path.basename(args.output), device: args.device };
  try {
    const [certificate] = parseCertificates(pemOrDer(readFileSync(args.certificate)));
    if (certificate === undefined) throw new UsageError(`${args.certificate} holds no certificate`);
    const rootsPem = readRoots(args.roots);
    const intermediates = trustFromEnvironment(process.env).intermediates.flatMap((pem) => parseCertificates(pem).map((parsed) => parsed.der));
    const session = await tokenSession(args);
    let issued;
    try {
      const [holder] = session.holders;
      if (holder === undefined) throw new DomainError('token.keyNotFound');
      issued = await issueCredentials({
        rosterFile: args.roster,
        certificateDer: certificate.der,
        device: args.device,
        servers: args.servers,
        rootsPem,
        output: args.output,
        label: { level: args.level, caveats: [], originator: certificateInfo(holder.certificateDer).subject.display.slice(0, 256) || 'cipher officer', date: new Date().toISOString().slice(0, 10), declassifyOn: null },
        signer: holder.signer,
        chain: intermediates,
        replace: args.replace,
      });
    } finally {
      await session.stop();
    }
    audit.record('messaging.credentialsIssued', 'ok', { ...details, messagingUser: issued.user, fingerprint: issued.nkey });
    const reloadCommand = `nats-server --signal reload=${issued.pidFile}`;
    if (args.reload) {
      await reloadServer(issued.pidFile).catch((error: unknown) => {
        throw new ReloadFailed(`${reloadCommand}: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
    if (args.adminSeed !== undefined) {
      const adminSeedFile = args.adminSeed;
      const provision = () => provisionUserBucket({ rosterFile: args.roster, user: issued.user, adminSeedFile, servers: args.servers, rootsPem });
      // A reload is only a signal: the server takes the new configuration a moment later, so after one
      // the bucket is tried again for a few seconds (a wrong administrator seed still fails, after the wait).
      await (args.reload ? retryFor(provision, 10_000) : provision()).catch((error: unknown) => {
        throw new BucketFailed(`the attachment bucket of ${issued.user}: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
    return { user: issued.user, device: issued.device, nkey: issued.nkey, output: issued.output, serverConfig: issued.confFile, reloaded: args.reload, reload: reloadCommand, bucket: args.adminSeed !== undefined, audited: audit.workstation !== null };
  } catch (error) {
    if (!(error instanceof ReloadFailed) && !(error instanceof BucketFailed)) audit.record('messaging.credentialsIssued', error instanceof RosterError ? 'refused' : 'failed', { ...details, code: error instanceof RosterError ? error.problem : error instanceof DomainError ? error.code : 'failed' });
    throw error;
  } finally {
    audit.close();
  }
}

/**
 * `backup …`: the signed zone policy checked like the app checks it (roots from the environment, the
 * CRLs given), then the command on the app's backup service, audited in the workstation's log.
 */
async function backup(args: BackupArgs): Promise<Report> {
  // The officer's memory first: a mistyped --known path stops here, before the audit log, the policy or the token is opened.
  const known = knownMemory(args);
  const audit = openCliAudit(appStoreDir(process.env, process.platform));
  try {
    const trust = await loadTrust(args);
    const load = await loadZonePolicy(args.policy, { anchors: trust.anchors, intermediates: trustFromEnvironment(process.env).intermediates, crls: trust.crls, now: () => new Date() });
    // A policy that does not verify allows no target (fail closed, as in the app).
    if (!load.ok) throw new DomainError('backup.targetNotAllowed', { policyRefusal: load.reason });
    const session = await tokenSession(args);
    const progress = terminalProgress(args.command.slice('backup '.length), !args.json && process.stderr.isTTY);
    try {
      const report = await runBackupCommand(args, { known, policy: load.policy, holders: session.holders, audit, trust, signal: interrupted.signal, progress: (step) => progress.update(progressPercent(step), 100) });
      return { ...report, audited: audit.workstation !== null };
    } finally {
      progress.end();
      await session.stop();
    }
  } finally {
    audit.close();
  }
}

/** A person at a terminal, not a script reading JSON. */
function showsProgress(args: CliArgs): boolean {
  return !args.json && process.stderr.isTTY;
}

async function loadTrust(args: Pick<CliArgs, 'crls'>): Promise<{ anchors: TrustAnchors; intermediates: Uint8Array[]; crls: CrlCache }> {
  const configured = trustFromEnvironment(process.env);
  const intermediates = configured.intermediates.flatMap((pem) => parseCertificates(pem).map((certificate) => certificate.der));
  const crls = new CrlCache(new MemoryCrlStore());
  for (const file of args.crls) {
    await crls.import(pemOrDer(readFileSync(file)), [...configured.anchors, ...configured.intermediates]);
  }
  return { anchors: TrustAnchors.load(configured.anchors), intermediates, crls };
}

/** Lines of stdin read so far (at most two: the token's PIN, then a signature's); read only as far as asked. */
let stdinText = '';
let stdinEnded = false;

/** Line `index` of stdin, without its end of line; stdin is read no further than that line. */
async function stdinLine(index: number): Promise<string> {
  while (!stdinEnded && stdinText.split('\n').length <= index + 1 && stdinText.length <= 512) {
    const chunk = await new Promise<string | null>((resolve) => {
      const done = (value: string | null): void => {
        process.stdin.off('data', onData).off('end', onEnd);
        process.stdin.pause();
        resolve(value);
      };
      const onData = (data: Buffer): void => done(String(data));
      const onEnd = (): void => done(null);
      process.stdin.on('data', onData).on('end', onEnd).resume();
    });
    if (chunk === null) stdinEnded = true;
    else stdinText += chunk;
  }
  return stdinText.split(/\r?\n/)[index] ?? '';
}

/** --pin-stdin, else the environment variable, else a prompt when a person is at a terminal. */
async function pinFor(args: Pick<CliArgs, 'pinStdin' | 'pinEnv'>): Promise<string | undefined> {
  if (args.pinStdin) return await stdinLine(0);
  const fromEnvironment = process.env[args.pinEnv ?? 'AIRLOCK_PIN'];
  if (fromEnvironment !== undefined) return fromEnvironment;
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
  return await promptPin(process.stdin, process.stderr, 'Mã PIN của thiết bị ký số (token) / Token PIN: ');
}

/**
 * `sign` with a key that asks its PIN for each signature (CKA_ALWAYS_AUTHENTICATE), the same ways:
 * the second line of stdin with --pin-stdin, else AIRLOCK_SIGN_PIN, else a prompt at a terminal;
 * none: token.contextPinRequired (exit 3), nothing signed.
 */
async function signaturePinFor(args: Pick<CliArgs, 'pinStdin'>): Promise<string | undefined> {
  if (args.pinStdin) {
    const line = await stdinLine(1);
    return line === '' ? undefined : line;
  }
  const fromEnvironment = process.env['AIRLOCK_SIGN_PIN'];
  if (fromEnvironment !== undefined) return fromEnvironment;
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
  return await promptPin(process.stdin, process.stderr, 'Mã PIN của thiết bị ký số cho chữ ký này / Token PIN for this signature: ');
}

async function tokenSession(args: Pick<CliArgs, 'token' | 'pinStdin' | 'pinEnv'>): Promise<CliTokenSession> {
  // Run from source (tsx) or from dist: the token process entry sits beside us either way.
  const here = fileURLToPath(import.meta.url);
  const fromSource = here.endsWith('.ts');
  const entry = path.join(path.dirname(here), '..', 'token-process', fromSource ? 'entry.ts' : 'entry.js');
  return await openTokenSession({
    // By URL, not by name: a script may run us from any folder, where "tsx" would not resolve.
    launcher: nodeTokenProcessLauncher({ entry, execArgv: fromSource ? ['--import', import.meta.resolve('tsx')] : [] }),
    modulePaths: pkcs11ModulePaths(process.platform, process.env['AIRLOCK_PKCS11_MODULES']),
    select: args.token,
    pin: () => pinFor(args),
  });
}

/** `backup`'s refusals name the --known file and the place (cli-backup.ts backupWords). */
function failure(error: unknown, backupArgs?: BackupArgs): { code: number; report: Report } {
  if (error instanceof BackupCheckFailed) return { code: backupExitCode(error) ?? EXIT.damaged, report: { problem: error.problem, ...error.report } };
  const backupCode = backupExitCode(error);
  if (backupCode !== undefined && error instanceof DomainError) {
    const message = backupWords(error, backupArgs);
    return { code: backupCode, report: { problem: error.code, ...(error.details ?? {}), ...(message === undefined ? {} : { message }) } };
  }
  if (error instanceof KnownFileError) return { code: EXIT.knownFile, report: { problem: error.problem, file: error.file, reason: error.reason, message: error.words } };
  if (error instanceof UsageError) return { code: EXIT.usage, report: { problem: 'usage', message: error.message } };
  if (error instanceof RosterError) return { code: error.problem === 'userExists' ? EXIT.userExists : EXIT.rosterUnreadable, report: { problem: `messaging.${error.problem}`, message: error.message } };
  if (error instanceof ReloadFailed) return { code: EXIT.reloadFailed, report: { problem: 'messaging.reloadFailed', message: error.message } };
  if (error instanceof BucketFailed) return { code: EXIT.bucketFailed, report: { problem: 'messaging.bucketFailed', message: error.message } };
  if (error instanceof PinPromptCancelled) return { code: EXIT.token, report: { problem: 'token.pinCancelled' } };
  if (error instanceof ContainerError) {
    const code = error.problem === 'cancelled' ? EXIT.interrupted : error.problem === 'notRecipient' ? EXIT.notRecipient : EXIT.damaged;
    return { code, report: { problem: `container.${error.problem}`, ...error.detail } };
  }
  if (error instanceof SignatureRefused) return { code: EXIT.damaged, report: { ...error.report, problem: error.problem } };
  if (error instanceof SignatureError) {
    // Signing refused before anything was written: a block that does not fit is a wrong argument; a failed timestamp authority is its own case (a script may try again).
    // A missing block font is an installation fault, not a signature that fails to hold: "anything else".
    const code = error.problem === 'visibleBoxInvalid' ? EXIT.usage : error.problem === 'blockFontMissing' ? EXIT.other : error.problem.startsWith('timestamp') ? EXIT.timestamp : EXIT.damaged;
    return { code, report: { problem: `signature.${error.problem}`, ...error.detail } };
  }
  if (error instanceof DomainError) return { code: error.code.startsWith('token.') ? EXIT.token : EXIT.other, report: { problem: error.code, ...(error.details ?? {}) } };
  return { code: EXIT.other, report: { problem: 'failed', message: error instanceof Error ? error.message : String(error) } };
}

async function main(argv: readonly string[]): Promise<number> {
  let args: CliArgs | AddUserArgs | BackupArgs | undefined;
  try {
    args = argv[0] === 'messaging' ? parseMessagingArgs(argv.slice(1)) : argv[0] === 'backup' ? parseBackupArgs(argv.slice(1)) : parseCliArgs(argv);
    const report = args.command === 'messaging add-user' ? await addMessagingUser(args) : args.command.startsWith('backup ') ? await backup(args as BackupArgs) : await run(args as CliArgs);
    process.stdout.write(args.json ? `${JSON.stringify({ ok: true, command: args.command, ...report })}\n` : `${args.command}: ok\n${Object.entries(report).map(([key, value]) => `  ${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`).join('\n')}\n`);
    return EXIT.ok;
  } catch (error) {
    const { code, report } = failure(error, args?.command.startsWith('backup ') === true ? (args as BackupArgs) : undefined);
    if (args?.json === true) process.stdout.write(`${JSON.stringify({ ok: false, ...report })}\n`);
    else process.stderr.write(`airlock: ${JSON.stringify(report)}\n${code === EXIT.usage ? `${argv[0] === 'messaging' ? MESSAGING_USAGE : argv[0] === 'backup' ? BACKUP_USAGE : USAGE}\n` : ''}`);
    return code;
  }
}

process.exitCode = await main(process.argv.slice(2));
