// The parent's side of the crash children's token protocol (backup-crash-writer.ts,
// backup-prune-crash-runner.ts): each unwrap or signature a child asks for is made on the parent's
// real token and the answer sent back, while the child is still connected.
import type { ChildProcess } from 'node:child_process';
import type { TokenKeyHolder } from '../../../electron/core/token/token-key-holders.js';
import type { CrashAnswer, CrashRequest } from './token-from-parent.js';

export function serveTokenOverIpc(child: ChildProcess, holder: TokenKeyHolder): void {
  child.on('message', (request: CrashRequest) => {
    const data = Buffer.from(request.data, 'base64');
    const work = request.op === 'sign' ? holder.signer.sign(data) : request.op === 'decryptOaep' ? holder.operations.decryptOaep(data) : holder.operations.deriveEcdh(data);
    work.then(
      (result) => child.connected && child.send({ id: request.id, data: Buffer.from(result).toString('base64') } satisfies CrashAnswer),
      (error: unknown) => child.connected && child.send({ id: request.id, error: String(error) } satisfies CrashAnswer),
    );
  });
}
