/**
 * The one Trusted Types policy the page may create, named in the CSP (electron/platform/csp.ts)
 * and created by the PDF viewer (renderer/src/pdf-reading.ts): it turns exactly the bundled
 * pdf.js worker's URL into a script URL, and nothing else.
 */
export const PDF_WORKER_POLICY = 'airlock-pdf-worker';
