// `npm run training -- <args>` as the tests run it: the same entry (tools/training-kit/main.ts),
// without npm's own output. Shared by the training workstation's e2e test and the tour's.
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
export const KIT = path.join(root, 'tools/training-kit/main.ts');
export const KIT_CWD = root;

export interface KitRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function kit(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<KitRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', KIT, ...args], { cwd: root, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
