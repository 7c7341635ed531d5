import type { CrlFilesOutcome, CrlImportOutcome } from '../../../../shared/domain/certificate.js';
import type { IpcError } from '../../../../shared/ipc/errors.js';
import type { Reply } from '../../../../shared/ipc/reply.js';

// Pure module: the store's CRL import, kept out of store.ts. Tests can run it under plain Node
// (Blob and btoa are globals there too). The shared imports are type-only, so zod stays out of the bundle.

/** The CRL import's heading: where other screens send the user to import a revocation list. */
export const CRL_IMPORT_HEADING = 'crl-import-heading';

/** Why a CRL was not kept: the core's reasons, and a file the renderer could not read. */
export type CrlProblem = Extract<CrlImportOutcome, { status: 'rejected' }>['reason'] | 'unreadable';

/**
 * Whether the CRL now held can answer for certificates. The core treats a CRL past its nextUpdate,
 * or without one, as stale: certificates then still say "revocation unknown", and the screen says why.
 */
export type CrlFreshness = 'current' | 'expired' | 'undated';

export type CrlAccepted = Exclude<CrlImportOutcome, { status: 'rejected' }> & { readonly freshness: CrlFreshness };

/**
 * How the last import ended. A problem is "rejected" whether the renderer or the core found it:
 * the official's next step is the same. "failed" is the bridge or the core failing (an IpcError).
 */
export type CrlImport =
  | CrlAccepted
  | { readonly status: 'rejected'; readonly reason: CrlProblem }
  | { readonly status: 'failed'; readonly error: IpcError };

/** Judged when the answer arrives, which is when it is shown. */
export function crlFreshness(nextUpdate: string | undefined, now: number): CrlFreshness {
  const until = nextUpdate === undefined ? Number.NaN : Date.parse(nextUpdate);
  if (Number.isNaN(until)) return 'undated';
  return until > now ? 'current' : 'expired';
}

/** One file of an import, by its name, and how it went. */
export interface CrlFileImport {
  readonly file: string;
  readonly result: Exclude<CrlImport, { status: 'failed' }>;
}

/** The last import: each file's own outcome, or the bridge or the core failing as a whole. */
export type CrlImportReport = { readonly status: 'done'; readonly files: readonly CrlFileImport[] } | { readonly status: 'failed'; readonly error: IpcError };

/** What the store lends the import; passed in, so the action holds no state of its own. */
export interface CrlImportDeps {
  /** Sends the paths to the core, which reads each file; never throws (a broken bridge is a failed reply). */
  readonly send: (paths: readonly string[]) => Promise<Reply<CrlFilesOutcome>>;
  /** Runs `work` unless an import is already running: a second click does nothing. */
  readonly exclusive: (work: () => Promise<void>) => Promise<void>;
  /** Counts locks: an answer that arrives after one belongs to nobody and is dropped. */
  readonly locks: () => number;
  readonly show: (result: CrlImportReport | null) => void;
  /** Asks again for every token's certificates: a stored CRL can change any verdict. */
  readonly recheck: () => void;
}

/** The paths typed or pasted, one a line; blank lines and surrounding spaces do not count. */
export function crlPaths(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function fileResult({ file, outcome }: CrlFilesOutcome[number], now: number): CrlFileImport {
  return { file, result: outcome.status === 'rejected' ? outcome : { ...outcome, freshness: crlFreshness(outcome.nextUpdate, now) } };
}

/** The store's `importCrl`: has the core read, check and keep each file, says how each went. */
export function crlImporter(deps: CrlImportDeps): (paths: readonly string[]) => Promise<void> {
  return (paths) =>
    deps.exclusive(async () => {
      // The last report was about other files; it must not read as these ones' while these run.
      deps.show(null);
      const locks = deps.locks();
      const reply = await deps.send(paths);
      if (deps.locks() !== locks) return;
      if (!reply.ok) return deps.show({ status: 'failed', error: reply.error });
      const now = Date.now();
      deps.show({ status: 'done', files: reply.value.map((outcome) => fileResult(outcome, now)) });
      if (reply.value.some(({ outcome }) => outcome.status === 'stored')) deps.recheck();
    });
}
