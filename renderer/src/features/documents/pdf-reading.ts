import { getDocument, PasswordException, PDFWorker, VerbosityLevel, type PDFDocumentProxy } from 'pdfjs-dist';
// Emitted as a file of the app (assetsInlineLimit 0), served from our own origin: worker-src 'self'.
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { PDF_WORKER_POLICY } from '../../../../shared/platform/trusted-types.js';

// The pdf.js setup for the document viewer: one fresh worker per document, no network, no eval,
// and everything torn down when the view goes, so no decrypted page outlives it.

/** The slice of the Trusted Types API used here (TypeScript's DOM library does not declare it yet). */
interface ScriptUrlPolicy {
  createScriptURL(input: string): unknown;
}
interface TrustedTypePolicyFactory {
  createPolicy(name: string, rules: { createScriptURL(input: string): string }): ScriptUrlPolicy;
}

/** Why a PDF cannot be shown: it wants a password (not supported), pdf.js cannot read it, or the viewer's worker did not start. */
export type PdfFailure = 'password' | 'unreadable' | 'viewer';

/** The worker could not be made or loaded: the viewer's fault, not the document's. */
class PdfViewerFailure extends Error {}

export interface PdfReading {
  readonly document: Promise<PDFDocumentProxy>;
  /** Destroys the document in both threads, then ends the worker and with it the worker's whole heap. */
  close(): Promise<void>;
}

// The browser lets a page create a named policy once (the CSP has no 'allow-duplicates'): made on first use, then kept.
let policy: ScriptUrlPolicy | undefined;

/** The worker's URL as a TrustedScriptURL; the policy refuses any other URL, so no injected string can start a worker. */
function trustedWorkerUrl(): string {
  const factory = (window as Window & { trustedTypes?: TrustedTypePolicyFactory }).trustedTypes;
  if (factory === undefined) return workerUrl;
  policy ??= factory.createPolicy(PDF_WORKER_POLICY, {
    createScriptURL: (input) => {
      if (input !== workerUrl) throw new TypeError(`${PDF_WORKER_POLICY} only vouches for the bundled pdf.js worker`);
      return input;
    },
  });
  // Worker accepts a TrustedScriptURL; TypeScript's DOM types only know string | URL.
  return policy.createScriptURL(workerUrl) as string;
}

/** Stands in for pdf.js's fetcher of CMaps, standard fonts and wasm: the viewer loads nothing (connect-src 'none'). */
class NothingToFetch {
  async fetch(): Promise<never> {
    throw new Error('The document viewer fetches nothing.');
  }
}

/** Options that keep a hostile PDF inside the worker: no forms engine, no wasm, no fetching, no streaming. */
const CLOSED_OPTIONS = {
  // XFA forms would be rendered as HTML by pdf.js.
  enableXfa: false,
  // Wasm would need 'wasm-unsafe-eval'; pdf.js falls back to its JS decoders (see decodersUrl).
  useWasm: false,
  useWorkerFetch: false,
  BinaryDataFactory: NothingToFetch,
  // The bytes are all here: no range requests, streaming or prefetching (there is no URL).
  disableRange: true,
  disableStream: true,
  disableAutoFetch: true,
  // Pages draw on this thread's canvases: no second (renderer) worker.
  disableWorkerRendering: true,
  verbosity: VerbosityLevel.ERRORS,
} as const;

/**
 * Where the worker imports its JS image decoders for scanned pages (JBIG2, JPEG 2000) from: the
 * app's own assets/pdfjs/ beside the worker file (vite.renderer.config.ts copies them there), an
 * import that the worker's script-src 'self' allows; absolute, since the worker resolves it.
 */
function decodersUrl(): string {
  return new URL('pdfjs/', new URL(workerUrl, location.href)).href;
}

/** How long close() waits for the worker to confirm it dropped the document before ending it anyway. */
const CLOSE_GRACE_MS = 1000;

export function failureOf(error: unknown): PdfFailure {
  if (error instanceof PdfViewerFailure) return 'viewer';
  return error instanceof PasswordException ? 'password' : 'unreadable';
}

/** Opens the PDF in a new worker. The bytes are copied: pdf.js transfers (detaches) the buffer it is given. */
export function readPdf(bytes: Uint8Array): PdfReading {
  let worker: Worker;
  try {
    worker = new Worker(trustedWorkerUrl(), { type: 'module', name: 'airlock-pdf' });
  } catch (error) {
    return { document: Promise.reject(new PdfViewerFailure(String(error))), close: async () => undefined };
  }
  const pdfWorker = PDFWorker.create({ port: worker });
  const task = getDocument({ ...CLOSED_OPTIONS, wasmUrl: decodersUrl(), data: bytes.slice(), worker: pdfWorker });
  // pdf.js does not notice a worker that failed to load; without this the page would wait forever.
  const workerFailed = new Promise<never>((_, reject) => worker.addEventListener('error', () => reject(new PdfViewerFailure('The pdf.js worker did not start.')), { once: true }));
  return {
    document: Promise.race([task.promise, workerFailed]),
    async close() {
      const destroyed = task.destroy().catch(() => undefined);
      await Promise.race([destroyed, new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS))]);
      pdfWorker.destroy();
      worker.terminate();
    },
  };
}
