import path from 'node:path';
import { createCore, type Core, type CoreOptions } from '../../electron/core/core.js';
import { nodeTokenProcessLauncher } from '../../electron/platform/node-token-process.js';
import type { TokenProcessLauncher } from '../../electron/core/token/token-process.js';
import type { AirlockApi } from '../../shared/ipc/api.js';
import { coreApi, recordingLog, TEST_ORIGIN, TRUSTED } from './core.js';
import type { SoftHsmToken } from './softhsm-token.js';
import { importTestCrls } from './softhsm/test-pki.js';
import { tokenKeyHolders, type TokenKeyHolder } from '../../electron/core/token/token-key-holders.js';
import { crlStoreFor } from '../../electron/platform/file-crl-store.js';

const root = path.resolve(import.meta.dirname, '../..');

/** The real token process (TypeScript source, through tsx) with extra environment (SOFTHSM2_CONF). */
export function realTokenLauncher(env: Readonly<Record<string, string>>): TokenProcessLauncher {
  return nodeTokenProcessLauncher({ entry: path.join(root, 'electron/token-process/entry.ts'), execArgv: ['--import', 'tsx'], env: { ...process.env, ...env } });
}

export function tokenCore(
  launcher: TokenProcessLauncher,
  modulePaths: readonly string[],
  extra: {
    idleLockMs?: number;
    loginTimeoutMs?: number;
    pollMs?: number;
    observe?: NonNullable<CoreOptions['token']>['observe'];
    anchors?: readonly string[];
    intermediates?: readonly string[];
    dataDir?: string;
    zones?: CoreOptions['zones'];
    training?: CoreOptions['training'];
    messaging?: CoreOptions['messaging'];
    documentFolders?: CoreOptions['documentFolders'];
  } = {},
): { core: Core; log: ReturnType<typeof recordingLog> } {
  const log = recordingLog();
  const { loginTimeoutMs, pollMs, observe, anchors, intermediates, ...rest } = extra;
  const token = { launcher, modulePaths, pollMs: pollMs ?? 100, ...(loginTimeoutMs === undefined ? {} : { loginTimeoutMs }), ...(observe === undefined ? {} : { observe }) };
  const core = createCore({ shell: 'chromium', version: '0.0.0-test', platform: 'linux', appOrigin: TEST_ORIGIN, log, token, trust: { anchors: anchors ?? [], intermediates: intermediates ?? [] }, crlStore: crlStoreFor(rest.dataDir), ...rest });
  return { core, log };
}

export async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Unlocks `core` with the SoftHSM token and returns its RSA and EC keys (certificate, token operations, signer). */
export async function unlockedKeyHolders(core: Core, token: { serial: string; label: string; userPin: string }): Promise<{ rsa: TokenKeyHolder; ec: TokenKeyHolder }> {
  const unlocked = await core.dispatcher.dispatch('session.unlock', { token: { serial: token.serial, label: token.label }, pin: token.userPin }, TRUSTED);
  if (!(unlocked as { ok: boolean }).ok) throw new Error(`unlock failed: ${JSON.stringify(unlocked)}`);
  return tokenKeyPair(core, token);
}

/** The SoftHSM token's RSA and EC keys, from a core already unlocked with it (by the API or the UI). */
export async function tokenKeyPair(core: Core, token: { serial: string; label: string }): Promise<{ rsa: TokenKeyHolder; ec: TokenKeyHolder }> {
  const tokens = core.services.tokens;
  if (tokens === undefined) throw new Error('no token service');
  const holders = await tokenKeyHolders(tokens, { serial: token.serial, label: token.label });
  const rsa = holders.find((holder) => holder.signer.scheme === 'rsaPssSha256');
  const ec = holders.find((holder) => holder.signer.scheme === 'ecdsaSha256');
  if (rsa === undefined || ec === undefined) throw new Error('the test token has no RSA and EC key with certificates');
  return { rsa, ec };
}

/** A started core on the SoftHSM token with its test PKI (roots, intermediates, CRLs) and a real data folder; still locked. */
export async function startedTokenCore(token: SoftHsmToken, dataDir: string, extra: { training?: CoreOptions['training']; zones?: CoreOptions['zones'] } = {}): Promise<{ core: Core; api: AirlockApi }> {
  const { core } = tokenCore(realTokenLauncher(token.env), [token.modulePath], { anchors: [token.pki.rootPem], intermediates: [token.pki.intermediatePem], dataDir, ...extra });
  await importTestCrls(core.services.crls, token.pki);
  await core.start();
  return { core, api: coreApi(core) };
}

/**
 * A launcher whose next `count` processes are SIGKILLed as soon as they are forked: certainly
 * before they report ready (the token-process kill tests). `kills` holds when each was killed.
 */
export function killedAtSpawn(real: TokenProcessLauncher): { launcher: TokenProcessLauncher; killNext(count: number): void; readonly kills: number[] } {
  let pending = 0;
  const kills: number[] = [];
  return {
    launcher: (modulePaths) => {
      const handle = real(modulePaths);
      if (pending > 0 && handle.pid !== undefined) {
        pending--;
        process.kill(handle.pid, 'SIGKILL');
        kills.push(Date.now());
      }
      return handle;
    },
    killNext: (count) => {
      pending = count;
    },
    kills,
  };
}
