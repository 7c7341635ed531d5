import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CrlCache, MemoryCrlStore } from '../../../electron/core/certificates/revocation.js';
import { TrustAnchors } from '../../../electron/core/certificates/trust-anchors.js';
import type { SignerTrust } from '../../../electron/core/messaging/cms-signed-data-verifier.js';

/** The vectors' trust: the container vectors' 100-year root and its CRL, read now. */
export async function vectorTrust(): Promise<SignerTrust> {
  const pki = path.join(import.meta.dirname, '..', 'container', 'pki');
  const root = readFileSync(path.join(pki, 'root.pem'), 'utf8');
  const crls = new CrlCache(new MemoryCrlStore());
  const imported = await crls.import(readFileSync(path.join(pki, 'root.crl.pem'), 'utf8'), [root]);
  if (imported.status === 'rejected') throw new Error(`vector CRL rejected: ${imported.reason ?? ''}`);
  return { anchors: TrustAnchors.load([root]), intermediates: [], crls, now: () => new Date() };
}

/** One entry of vectors.json. */
export interface MessageVector {
  readonly file: string;
  readonly description: string;
  /** `message`: an AuthEnvelopedData read with `key`; `signed`: a SignedData alone; `receipt`: checked against `original`. */
  readonly kind: 'message' | 'signed' | 'receipt';
  readonly key?: 'recipient-rsa' | 'recipient-ec';
  readonly original?: string;
  readonly expect: { readonly ok: true } | { readonly ok: false; readonly problem: string };
}
