// The supervisor keeps retrying a helper that cannot start, but it must never be what keeps a
// process alive: a packaged app started where pkexec is missing (the Electron glue test does this)
// hung the whole test run once the supervisor came in. Real child processes, real spawn failures.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(import.meta.dirname, '../../..');

// A process whose only work is a supervisor retrying a helper that cannot be spawned.
const script = `
import { zonesFromEnvironment } from ${JSON.stringify(path.join(root, 'electron/platform/zone-config.ts'))};
const { helper } = zonesFromEnvironment({ AIRLOCK_ZONE_HELPER: JSON.stringify(['/nonexistent/airlock-zone-helper']) }, { packagedLinux: false });
if (helper === undefined) process.exit(3);
let stops = 0;
helper.onStopped(() => stops++);
setTimeout(() => process.stderr.write('attempts made\\n'), 300);
`;

describe('zone helper supervisor and the life of its process', () => {
  it('retries a helper that cannot start, yet lets a process with nothing else to do exit', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Generous: the process ends in about a second; this only turns a hang into a failure.
    const timeout = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 20_000).unref());
    const outcome = await Promise.race([exited, timeout]);
    if (outcome === 'hung') child.kill('SIGKILL');
    assert.equal(outcome, 0, `the process exits by itself (stderr: ${stderr.slice(0, 500)})`);
    assert.match(stderr, /restarting/, 'the supervisor did retry while the process lived');
  });
});
