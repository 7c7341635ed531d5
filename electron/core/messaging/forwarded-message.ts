/**
 * A forwarded original (docs/message-format.md "Attachments and forwards"): the original SignedData
 * the forward carries unchanged, verified on its own as if it had just arrived — its signature, its
 * signer's chain now, its label and expiry. Its verdict is its own: a trusted forward may carry a
 * tampered original (shown as such), and an original never borrows the forward's trust. Forwards it
 * carries in turn are not opened (one level is shown).
 */
import { readSignedMessage, type ReceivedMessage } from './cms-message-reader.js';
import type { SignerTrust } from './cms-signed-data-verifier.js';
import { MessageError, type MessageProblem } from './message-error.js';

export type ForwardedOriginal =
  | { readonly trusted: true; readonly message: ReceivedMessage }
  | { readonly trusted: false; readonly problem: MessageProblem };

export async function readForwarded(signedData: Uint8Array, trust: SignerTrust): Promise<ForwardedOriginal> {
  try {
    return { trusted: true, message: await readSignedMessage(signedData, trust) };
  } catch (error) {
    if (error instanceof MessageError) return { trusted: false, problem: error.problem };
    throw error;
  }
}
