// The app's side of document signatures (docs/signing.md "In the app"): a chosen file signed on the
// unlocked token as a job (documents' job events, the window's id), and a received signed PDF or
// .p7s checked; both audited. The signing and checking themselves are document-signing.ts's.
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { SignatureAppearance, SignatureCheck, SignatureProblem, SignatureReport, SignatureTimestamp, SigningPreview } from '../../../shared/domain/signature.js';
import { SignatureProblem as SignatureProblemSchema } from '../../../shared/domain/signature.js';
import type { ErrorCode } from '../../../shared/ipc/errors.js';
import type { AuditTrail } from '../audit/audit-trail.js';
import type { CertificateTrust } from '../certificates/capability.js';
import { certificateInfo } from '../certificates/certificate-info.js';
import { DomainError } from '../domain-error.js';
import type { SignerTrust } from '../documents/container-reader.js';
import type { DocumentJobRunner } from '../documents/document-jobs.js';
import { readablePath, writablePath } from '../documents/document-paths.js';
import { tokenKeyHolders, type TokenKeyHolder } from '../token/token-key-holders.js';
import type { TokenService } from '../token/token-service.js';
import { checkOwnCertificate, type VerifiedSignature } from './document-cms.js';
import { defaultOutput, isPdfName, MAX_PDF_BYTES, signFile, verifyFile, type FileVerification, type SignedFile, type SignFileRequest } from './document-signing.js';
import { blockPlacement } from './signature-placement.js';
import type { TimestampAuthority, TimestampCheck } from './signing-options.js';
import { SignatureError } from './signature-error.js';
import { documentSigningKey } from './signing-key.js';

/** The preview carries a PDF's bytes to the window; larger ones are signed and checked without it. */
export const PREVIEW_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The core's signing, behind the one thing the screen adds to it: where a visible block goes.
 * `visible` says whether this signer draws one; a signer that does not refuses a visible request
 * (the service checks) instead of signing it invisibly.
 */
export interface FileSigner {
  readonly visible: boolean;
  sign(request: SignFileRequest, appearance: SignatureAppearance): Promise<SignedFile>;
}

/** signFile, with the screen's place turned into the core's rectangle (signature-placement.ts). */
export function coreFileSigner(visible: boolean): FileSigner {
  return {
    visible,
    sign: async (request, appearance) => (appearance.kind === 'invisible' ? signFile(request) : signFile({ ...request, visible: await blockPlacement(await readFile(request.input), appearance.placement) })),
  };
}

/** What the app wires: the core draws the visible block (signature-block.ts) where the screen placed it. */
export const appFileSigner = coreFileSigner(true);

export interface SigningServiceOptions {
  readonly tokens: TokenService | undefined;
  readonly trust: CertificateTrust;
  /** The issuing CAs embedded in each signature (the root is pinned by every reader). */
  readonly intermediateDers: () => readonly Uint8Array[];
  readonly audit: AuditTrail;
  /** The documents' job runner (documents.progress / documents.finished under the window's id). */
  readonly jobs: DocumentJobRunner;
  /** Absent: appFileSigner (invisible and visible signatures). */
  readonly signer?: FileSigner;
  /**
   * The live zone's timestamp authority from the signed policy, asked at each signing so a zone
   * switch takes it away at once: the request goes out on the network of the zone that names it.
   * Absent or undefined: no trusted time.
   */
  readonly timestampAuthority?: () => TimestampAuthority | undefined;
  readonly now?: () => Date;
}

export interface StartSigning {
  readonly source: string;
  readonly output?: string | undefined;
  readonly format?: 'pades' | 'p7s' | undefined;
  readonly appearance: SignatureAppearance;
  readonly timestamp?: boolean | undefined;
  readonly job?: string | undefined;
  /**
   * The token's PIN for this one signature, when the key asks it each time (CKA_ALWAYS_AUTHENTICATE):
   * used once and dropped; dropped at once for a key that does not ask it.
   */
  readonly pin?: string | undefined;
}

export class DocumentSigningService {
  readonly #signer: FileSigner;

  constructor(private readonly options: SigningServiceOptions) {
    this.#signer = options.signer ?? appFileSigner;
  }

  get visibleAvailable(): boolean {
    return this.#signer.visible;
  }

  get timestampAvailable(): boolean {
    return this.options.timestampAuthority?.() !== undefined;
  }

  /** Whether the key that signs documents asks its PIN for each signature; false when there is no such key (signing says why). */
  async pinPerSignature(): Promise<boolean> {
    return (await this.#holder().catch(() => undefined))?.alwaysAuthenticate === true;
  }

  /** Name, size and, for a PDF the window may show, its bytes: read only, nothing audited (nothing is opened that was secret). */
  async preview(file: string): Promise<SigningPreview & { readonly data: Buffer | null }> {
    const source = await readablePath(file);
    const size = (await stat(source)).size;
    const data = isPdfName(source) && size <= PREVIEW_MAX_BYTES ? await readFile(source) : null;
    return { fileName: path.basename(source), bytes: size, pdf: data === null ? null : data.toString('base64'), data };
  }

  /**
   * Checks what can be checked at once — the paths, a writable folder, the token's key, the
   * signer's own certificate (revoked, expired or untrusted: no signature is made) — then signs
   * as a job. Only a complete signed file ever appears, under a free name.
   */
  async start(request: StartSigning): Promise<{ job: string }> {
    const { audit } = this.options;
    const source = await readablePath(request.source);
    const format = request.format ?? (isPdfName(source) ? 'pades' : 'p7s');
    // The output's name says the format (".pdf" PAdES, ".p7s" detached).
    const details = { file: path.basename(source) };
    const refuse = (code: ErrorCode): never => {
      audit.record('document.signed', 'refused', { ...details, code });
      throw new DomainError(code);
    };
    if (format === 'pades' && !isPdfName(source)) refuse('signature.notPdf');
    if (request.appearance.kind === 'visible' && (format !== 'pades' || !this.#signer.visible)) refuse('ipc.invalidRequest');
    // Fail closed: asked for a trusted time where the live zone names no authority, nothing is signed without it.
    const authority = request.timestamp === true ? this.options.timestampAuthority?.() : undefined;
    if (request.timestamp === true && authority === undefined) refuse('signature.timestampNotInZone');
    const output = await writablePath(request.output ?? defaultOutput(source, format));
    if (!(await folderWritable(path.dirname(output)))) refuse('document.folderNotWritable');
    const holder = await this.#holder().catch((error: unknown) => refuse(codeOf(error)));
    // Asked before the token is: the screen then asks the PIN instead of a signature failing in the job.
    if (holder.alwaysAuthenticate && request.pin === undefined) refuse('token.contextPinRequired');
    // Only this closure holds the PIN, until the job's one signature has been made or refused.
    let pin = holder.alwaysAuthenticate ? request.pin : undefined;
    const chain = [...this.options.intermediateDers()];
    const trust = this.#signerTrust();
    await checkOwnCertificate({ signer: holder.signer, chain, trust }).catch((error: unknown) => refuse(codeOf(error)));
    const signer = certificateInfo(holder.certificateDer).fingerprint;
    const size = (await stat(source)).size;

    return this.options.jobs.start(
      request.job,
      async ({ signal, progress }) => {
        progress(0, size);
        const tokenSigner = pin === undefined ? holder.signer : holder.signerWithPin(pin);
        pin = undefined;
        try {
          const signed = await this.#signer.sign({ signer: tokenSigner, chain, trust, input: source, format, output, signal, ...(authority === undefined ? {} : { timestamp: authority }) }, request.appearance);
          return { output: signed.output, bytes: size };
        } catch (error) {
          const coded = asDomainError(error);
          // A wrong PIN for this signature is a security event like one at unlock (pin-login.ts), with what the token says is left.
          if (coded instanceof DomainError && (coded.code === 'token.pinIncorrect' || coded.code === 'token.pinLocked')) audit.record('token.pinWrong', 'failed', { serial: holder.serial, triesLeft: coded.details?.pinTries ?? 'unknown' });
          throw coded;
        }
      },
      (end) => {
        if (end.ok) audit.record('document.signed', 'ok', { ...details, target: path.basename(end.value.output), signer });
        else audit.record('document.signed', end.error.code === 'document.cancelled' ? 'refused' : 'failed', { ...details, signer, code: end.error.code });
      },
    );
  }

  cancel(job: string): boolean {
    return this.options.jobs.cancel(job);
  }

  /**
   * Every signature of a PDF, or a .p7s against its file (`content`, by default the .p7s's own
   * name without ".p7s"), checked against the pinned roots and the cached CRLs as of now.
   * A file that cannot be read as signed is an error (its own code); a signature that does not hold is a report.
   */
  async verify(file: string, content?: string): Promise<SignatureReport> {
    const input = await readablePath(file);
    const detached = content !== undefined || !isPdfName(input);
    const signedFile = detached ? await readablePath(content ?? input.replace(/\.p7s$/i, '')) : undefined;
    const details = { file: path.basename(input) };
    let verification: FileVerification;
    try {
      if (signedFile === input) throw new DomainError('document.invalidPath');
      if (!detached && (await stat(input)).size > MAX_PDF_BYTES) throw new SignatureError('notPdf', { reason: 'too large' });
      verification = await verifyFile(input, this.#signerTrust(), signedFile);
    } catch (error) {
      const refusal = asDomainError(error);
      if (refusal instanceof DomainError) this.options.audit.record('document.signatureVerified', 'refused', { ...details, code: refusal.code });
      throw refusal;
    }
    const report = reportOf(path.basename(input), verification);
    const problem = report.signatures.find((check) => !check.valid)?.problem ?? (report.verdict === 'changedAfter' ? 'changedAfter' : undefined);
    this.options.audit.record('document.signatureVerified', report.verdict === 'valid' ? 'ok' : 'refused', {
      ...details,
      count: report.signatures.length,
      ...(problem === undefined ? {} : { code: `signature.${problem}` }),
      signer: report.signatures.flatMap((check) => (check.signer === undefined ? [] : [check.signer.fingerprint])).join(','),
    });
    return report;
  }

  /** The document signing key of the logged-in token (the one the session was unlocked with): signing-key.ts. */
  async #holder(): Promise<TokenKeyHolder & { readonly serial: string }> {
    const tokens = this.options.tokens;
    if (tokens === undefined) throw new DomainError('token.noModule');
    const token = tokens.list().find((candidate) => candidate.loggedIn);
    if (token === undefined) throw new DomainError('token.notLoggedIn');
    const holder = documentSigningKey(await tokenKeyHolders(tokens, token.ref));
    if (holder === undefined) throw new DomainError('token.keyNotFound');
    return { ...holder, serial: token.ref.serial };
  }

  #signerTrust(): SignerTrust {
    const { anchors, intermediates, crls } = this.options.trust;
    return { anchors, intermediates, crls, now: this.options.now ?? (() => new Date()) };
  }
}

/**
 * The report the screen shows: per signature its signer or its problem, the time, the coverage,
 * the timestamp; the verdict follows the core's (a timestamp that does not hold fails it too).
 */
export function reportOf(fileName: string, verification: FileVerification): SignatureReport {
  if (verification.format === 'p7s') {
    // With the signature read, only its timestamp can fail it (checkOf says which way); without, the core's problem.
    const check = checkOf(verification.signature, verification.signature === undefined ? problemOf(verification.problem) : undefined);
    return { fileName, format: 'p7s', verdict: verification.valid ? 'valid' : 'invalid', signatures: [{ ...check, timeKind: 'signed' }] };
  }
  const signatures = verification.signatures.map(
    (check): SignatureCheck => ({
      field: check.field,
      ...(check.claimedTime === undefined ? {} : { time: check.claimedTime }),
      coverage: check.coverage,
      ...(check.valid ? checkOf(check.signature, undefined) : { valid: false, problem: check.problem }),
      timeKind: 'claimed',
    }),
  );
  const verdict = verification.valid ? 'valid' : signatures.every((check) => check.valid) ? 'changedAfter' : 'invalid';
  return { fileName, format: 'pades', verdict, signatures };
}

/** A signature the CMS check passed (or not, with `problem`): its signer, and its timestamp, which may fail it. */
function checkOf(signature: VerifiedSignature | undefined, problem: SignatureProblem | undefined): Omit<SignatureCheck, 'timeKind'> {
  if (signature === undefined) return { valid: false, ...(problem === undefined ? {} : { problem }) };
  const { signer, signingTime, timestamp, checkedAt } = signature;
  const timestampProblem = timestamp?.valid === false ? problemOf(timestamp.problem ?? 'timestampInvalid') : undefined;
  const failed = problem ?? timestampProblem;
  return {
    valid: failed === undefined,
    ...(failed === undefined ? {} : { problem: failed }),
    signer: { name: signer.commonName ?? signer.subject, ...(signer.organization === undefined ? {} : { organization: signer.organization }), subject: signer.subject, fingerprint: signer.fingerprint },
    ...(signingTime === undefined ? {} : { time: signingTime }),
    ...(timestamp === undefined ? {} : { timestamp: timestampOf(timestamp) }),
    certificateCheckedAt: checkedAt,
  };
}

function timestampOf(timestamp: TimestampCheck): SignatureTimestamp {
  const { time, authority, valid, authorityNote: note } = timestamp;
  return {
    ...(time === undefined ? {} : { time }),
    ...(authority === undefined ? {} : { authority }),
    valid,
    ...(note?.expiredSince === undefined ? {} : { authorityExpiredSince: note.expiredSince }),
    ...(note?.revokedSince === undefined ? {} : { authorityRevokedSince: note.revokedSince }),
  };
}

function problemOf(problem: string | undefined): SignatureProblem {
  const parsed = SignatureProblemSchema.safeParse(problem);
  return parsed.success ? parsed.data : 'malformed';
}

/** A signature problem as the error the window words (`error.signature.<problem>`); anything else unchanged. */
function asDomainError(error: unknown): unknown {
  return error instanceof SignatureError ? new DomainError(`signature.${error.problem}`) : error;
}

function codeOf(error: unknown): ErrorCode {
  const coded = asDomainError(error);
  if (coded instanceof DomainError) return coded.code;
  throw error;
}

/** The folder takes a new file: asked before the token is, so a read-only folder costs no signature. */
async function folderWritable(folder: string): Promise<boolean> {
  try {
    await access(folder, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
