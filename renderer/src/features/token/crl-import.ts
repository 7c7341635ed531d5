import type { CrlImportOutcome } from '../../../../shared/domain/certificate.js';
import type { IpcError } from '../../../../shared/ipc/errors.js';
import type { Reply } from '../../../../shared/ipc/reply.js';
import { base64Of } from '../../base64.js';

// Pure module: the store's CRL import, kept out of store.ts. Tests can run it under plain Node
// (Blob and btoa are globals there too). The shared imports are type-only, so zod stays out of the bundle.

/** The CRL import's heading: where other screens send the user to import a revocation list. */
export const CRL_IMPORT_HEADING = 'crl-import-heading';

/** The core refuses a larger CRL; checked here first, so a wrong file is neither read whole nor sent. */
export const CRL_MAX_BYTES = 10 * 1024 * 1024;

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

/** What the store lends the import; passed in, so the action holds no state of its own. */
export interface CrlImportDeps {
  /** Sends the file's base64 to the core; never throws (a broken bridge is a failed reply). */
  readonly send: (crl: string) => Promise<Reply<CrlImportOutcome>>;
  /** Runs `work` unless an import is already running: a second click does nothing. */
  readonly exclusive: (work: () => Promise<void>) => Promise<void>;
  /** Counts locks: an answer that arrives after one belongs to nobody and is dropped. */
  readonly locks: () => number;
  readonly show: (result: CrlImport | null) => void;
  /** Asks again for every token's certificates: a stored CRL can change any verdict. */
  readonly recheck: () => void;
}

const TOO_LARGE = { status: 'rejected', reason: 'tooLarge' } as const;

async function importOf(file: Blob, send: CrlImportDeps['send']): Promise<CrlImport> {
  if (file.size > CRL_MAX_BYTES) return TOO_LARGE;
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch {
    // The media was pulled out, or the file changed after it was chosen (NotReadableError).
    return { status: 'rejected', reason: 'unreadable' };
  }
  // The file may have grown since it was chosen: what counts is what was read. Under the limit,
  // the base64 also stays under the core's request limit, so this never ends as an invalid request.
  if (bytes.length > CRL_MAX_BYTES) return TOO_LARGE;
  const reply = await send(base64Of(bytes));
  if (!reply.ok) return { status: 'failed', error: reply.error };
  const outcome = reply.value;
  return outcome.status === 'rejected' ? outcome : { ...outcome, freshness: crlFreshness(outcome.nextUpdate, Date.now()) };
}

/** The store's `importCrl`: reads the chosen file, has the core check and keep it, says how it went. */
export function crlImporter(deps: CrlImportDeps): (file: Blob) => Promise<void> {
  return (file) =>
    deps.exclusive(async () => {
      // The last result was about another file; it must not read as this one's while this one runs.
      deps.show(null);
      const locks = deps.locks();
      const result = await importOf(file, deps.send);
      if (deps.locks() !== locks) return;
      deps.show(result);
      if (result.status === 'stored') deps.recheck();
    });
}
