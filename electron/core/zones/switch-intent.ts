import { createHash } from 'node:crypto';
import { canonicalJson } from '../signing/canonical-json.js';
import { signAndCheck, type TokenSigner } from '../signing/token-signer.js';
import { sha256Hex } from '../certificates/parsed-certificate.js';

/** What the user's token signs to authorise a switch: kept in the audit log as the proof. */
export interface SwitchIntent {
  readonly purpose: 'airlock.zoneSwitch';
  readonly from: string | null;
  readonly to: string;
  readonly reason: string;
  readonly at: string;
  readonly policySerial: number;
}

export interface SignedIntent {
  readonly digest: string;
  readonly signature: string;
  readonly signer: string;
  readonly scheme: TokenSigner['scheme'];
}

/** Signed on the token and checked against the certificate at once (signing/token-signer.ts). */
export async function signIntent(signer: TokenSigner, intent: SwitchIntent): Promise<SignedIntent> {
  const bytes = new TextEncoder().encode(canonicalJson(intent));
  const signature = await signAndCheck(signer, bytes);
  return { digest: createHash('sha256').update(bytes).digest('hex'), signature: Buffer.from(signature).toString('base64'), signer: sha256Hex(signer.certificateDer), scheme: signer.scheme };
}
