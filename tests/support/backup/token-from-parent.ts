// The child's side of the crash children's token protocol: the repository is opened and snapshots
// signed with the parent's REAL token; each unwrap and signature is asked of the parent over the IPC
// channel (served by token-over-ipc.ts).
import type { OpeningKey } from '../../../electron/core/backup/repository.js';
import type { TokenSignatureScheme, TokenSigner } from '../../../electron/core/signing/token-signer.js';

/** A child's request to the parent's token, and the answer. */
export interface CrashRequest {
  readonly id: number;
  readonly op: 'decryptOaep' | 'deriveEcdh' | 'sign';
  readonly data: string;
}
export interface CrashAnswer {
  readonly id: number;
  readonly data?: string;
  readonly error?: string;
}

export function tokenFromParent(certificateDer: Buffer, scheme: TokenSignatureScheme): { key: OpeningKey; signer: TokenSigner } {
  let next = 0;
  const waiting = new Map<number, (answer: CrashAnswer) => void>();
  process.on('message', (answer: CrashAnswer) => waiting.get(answer.id)?.(answer));
  const ask = (op: CrashRequest['op'], data: Uint8Array): Promise<Uint8Array> =>
    new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, (answer) => (answer.data === undefined ? reject(new Error(answer.error)) : resolve(Buffer.from(answer.data, 'base64'))));
      process.send?.({ id, op, data: Buffer.from(data).toString('base64') } satisfies CrashRequest);
    });
  return {
    key: { certificateDer, operations: { decryptOaep: (c) => ask('decryptOaep', c), deriveEcdh: (p) => ask('deriveEcdh', p) } },
    signer: { scheme, certificateDer, sign: (digest: Uint8Array) => ask('sign', digest) },
  };
}
