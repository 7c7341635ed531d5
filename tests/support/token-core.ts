import path from 'node:path';
import { createCore, type Core, type CoreOptions } from '../../electron/core/core.js';
import { nodeTokenProcessLauncher } from '../../electron/platform/node-token-process.js';
import type { TokenProcessLauncher } from '../../electron/core/token/token-process.js';
import { recordingLog, TEST_ORIGIN } from './core.js';

const root = path.resolve(import.meta.dirname, '../..');

/** The real token process (TypeScript source, through tsx) with extra environment (SOFTHSM2_CONF). */
export function realTokenLauncher(env: Readonly<Record<string, string>>): TokenProcessLauncher {
  return nodeTokenProcessLauncher({ entry: path.join(root, 'electron/token-process/entry.ts'), execArgv: ['--import', 'tsx'], env: { ...process.env, ...env } });
}

export function tokenCore(
  launcher: TokenProcessLauncher,
  modulePaths: readonly string[],
  extra: { idleLockMs?: number; loginTimeoutMs?: number; anchors?: readonly string[]; intermediates?: readonly string[]; dataDir?: string; zones?: CoreOptions['zones'] } = {},
): { core: Core; log: ReturnType<typeof recordingLog> } {
  const log = recordingLog();
  const { loginTimeoutMs, anchors, intermediates, ...rest } = extra;
  const token = { launcher, modulePaths, pollMs: 100, ...(loginTimeoutMs === undefined ? {} : { loginTimeoutMs }) };
  const core = createCore({ shell: 'chromium', version: '0.0.0-test', platform: 'linux', appOrigin: TEST_ORIGIN, log, token, trust: { anchors: anchors ?? [], intermediates: intermediates ?? [] }, ...rest });
  return { core, log };
}

export async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
