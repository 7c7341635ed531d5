// A real SoftHSM2 token and a real test PKI in a fresh temp dir, made with Debian's softhsm2-util,
// pkcs11-tool (OpenSC) and openssl with the pkcs11 engine (libengine-pkcs11-openssl).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { allEnded } from './settled.js';
import { runTool, type ToolEnv, type ToolOutput } from './softhsm/run-tool.js';
import { createAuthorities, issueTokenLeaves, pkiLayout, publishCrls, readTestPki, type TestPki } from './softhsm/test-pki.js';
import {
  generateTokenKeys,
  initToken,
  readTokenSerials,
  SOFTHSM_MODULE,
  tokenKeyRefs,
  validateTokenLabels,
  writeCertificateToToken,
  writeSoftHsmConf,
  type TokenKeys,
} from './softhsm/token.js';

export { ToolFailure, type ToolOutput } from './softhsm/run-tool.js';
export { TEST_CRL_URL } from './softhsm/ca-config.js';
export { pkcs11Uri, type TokenKeyRef, type TokenKeys } from './softhsm/token.js';
export { TEST_SUBJECTS, type DistinguishedName, type TestPki, type TestPkiPaths } from './softhsm/test-pki.js';

export interface SoftHsmTokenOptions {
  /** Default "Airlock Test Token". */
  readonly label?: string;
  /** Default "123456". */
  readonly userPin?: string;
  /** Default "12345678". */
  readonly soPin?: string;
  /** Labels of further tokens, initialised with the same PINs and holding no objects. */
  readonly extraTokens?: readonly string[];
}

export interface SoftHsmToken {
  readonly dir: string;
  readonly confPath: string;
  /** SOFTHSM2_CONF and PKCS11_MODULE_PATH: merge into the env of anything that loads the module. */
  readonly env: ToolEnv;
  readonly modulePath: string;
  readonly label: string;
  readonly serial: string;
  readonly userPin: string;
  readonly soPin: string;
  readonly extraTokens: readonly { readonly label: string; readonly serial: string }[];
  /** On the main token; the RSA and EC keys have their leaf certificate stored under the same id and label. */
  readonly keys: TokenKeys;
  readonly pki: TestPki;
  /** openssl with this token's env, so `-engine pkcs11 -keyform engine -key <keys.x.uri> -passin pass:<pin>` works. */
  openssl(args: readonly string[]): Promise<ToolOutput>;
  /** pkcs11-tool with `--module` filled in; pass `--token-label` when extraTokens exist. */
  pkcs11Tool(args: readonly string[]): Promise<ToolOutput>;
  /** Deletes the directory and every token in it; safe to call twice. */
  cleanup(): Promise<void>;
}

export async function createSoftHsmToken(options: SoftHsmTokenOptions = {}): Promise<SoftHsmToken> {
  const label = options.label ?? 'Airlock Test Token';
  const pins = { userPin: options.userPin ?? '123456', soPin: options.soPin ?? '12345678' };
  const extraLabels = options.extraTokens ?? [];
  validateTokenLabels([label, ...extraLabels]);

  const dir = await mkdtemp(path.join(tmpdir(), 'airlock-softhsm-'));
  const cleanup = (): Promise<void> => rm(dir, { recursive: true, force: true });
  try {
    const confPath = await writeSoftHsmConf(dir);
    // PKCS11_MODULE_PATH points the engine at SoftHSM; without it libp11 loads p11-kit-proxy and every
    // module registered on the machine.
    const env: ToolEnv = { SOFTHSM2_CONF: confPath, PKCS11_MODULE_PATH: SOFTHSM_MODULE };
    const openssl = (args: readonly string[]): Promise<ToolOutput> => runTool('openssl', args, env, dir);
    const pkcs11Tool = (args: readonly string[]): Promise<ToolOutput> => runTool('pkcs11-tool', ['--module', SOFTHSM_MODULE, ...args], env, dir);
    const keys = tokenKeyRefs(label);
    const pkiPaths = pkiLayout(path.join(dir, 'pki'));
    const now = new Date();

    const provisionTokens = async (): Promise<void> => {
      for (const tokenLabel of [label, ...extraLabels]) await initToken(env, tokenLabel, pins);
      await generateTokenKeys(pkcs11Tool, label, pins.userPin);
    };
    await allEnded([provisionTokens(), createAuthorities(pkiPaths, openssl, now)]);
    await issueTokenLeaves(pkiPaths, openssl, { rsaKeyUri: keys.rsa.uri, ecKeyUri: keys.ec.uri, userPin: pins.userPin });
    await publishCrls(pkiPaths, openssl, now);
    for (const [key, derPath] of [[keys.rsa, pkiPaths.rsaLeafCertDer], [keys.ec, pkiPaths.ecLeafCertDer]] as const) {
      await writeCertificateToToken(pkcs11Tool, { tokenLabel: label, userPin: pins.userPin, key, derPath });
    }

    const serials = await readTokenSerials(env);
    const serialOf = (tokenLabel: string): string => {
      const serial = serials.get(tokenLabel);
      if (serial === undefined) throw new Error(`softhsm2-util --show-slots does not list token "${tokenLabel}".`);
      return serial;
    };
    return {
      dir,
      confPath,
      env,
      modulePath: SOFTHSM_MODULE,
      label,
      serial: serialOf(label),
      ...pins,
      extraTokens: extraLabels.map((extra) => ({ label: extra, serial: serialOf(extra) })),
      keys,
      pki: await readTestPki(pkiPaths),
      openssl,
      pkcs11Tool,
      cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
