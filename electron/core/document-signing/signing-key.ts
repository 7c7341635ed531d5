// Which key on the token signs documents (docs/signing.md "Which key signs"): the same choice for
// the app's Sign screen and `airlock sign`.
import { certificateInfo } from '../certificates/certificate-info.js';
import type { TokenSignatureScheme } from '../signing/token-signer.js';
import type { TokenKeyHolder } from '../token/token-key-holders.js';

/**
 * The document signing key among the token's holders (tokenKeyHolders: safe RSA/EC keys with a
 * certificate, in key-id order). A key whose certificate's keyUsage allows neither
 * digitalSignature nor nonRepudiation is never chosen (the chain check would refuse it anyway:
 * government certificates always carry keyUsage). Among the rest, first the certificate with
 * nonRepudiation (contentCommitment: the signer's own commitment, what a document signature is),
 * then the key the token guards with its PIN for each signature (CKA_ALWAYS_AUTHENTICATE: the
 * issuer marked it as the deliberate-signature key), then the lowest key id, so the choice is the
 * same every time. `scheme` narrows to RSA or EC (the command line's `--key`).
 */
export function documentSigningKey(holders: readonly TokenKeyHolder[], scheme?: TokenSignatureScheme): TokenKeyHolder | undefined {
  const ranked = holders.flatMap((holder, order) => {
    if (scheme !== undefined && holder.signer.scheme !== scheme) return [];
    const usage = keyUsageOf(holder.certificateDer);
    if (!usage.has('digitalSignature') && !usage.has('nonRepudiation')) return [];
    return [{ holder, rank: [usage.has('nonRepudiation') ? 0 : 1, holder.alwaysAuthenticate ? 0 : 1, order] as const }];
  });
  ranked.sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.rank[2] - b.rank[2]);
  return ranked[0]?.holder;
}

function keyUsageOf(certificateDer: Uint8Array): ReadonlySet<string> {
  try {
    return new Set(certificateInfo(certificateDer).keyUsage);
  } catch {
    return new Set(); // an unreadable certificate signs nothing
  }
}
