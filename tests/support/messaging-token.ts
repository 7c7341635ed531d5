// A SoftHSM token with its RSA and EC keys, a core unlocked with it, and the trust (test PKI root,
// its CRLs) that verifies what those keys sign: what every messaging test on a real token needs.
import type { Core } from '../../electron/core/core.js';
import { CrlCache, MemoryCrlStore } from '../../electron/core/certificates/revocation.js';
import { TrustAnchors } from '../../electron/core/certificates/trust-anchors.js';
import type { SignerTrust } from '../../electron/core/messaging/cms-signed-data-verifier.js';
import type { TokenKeyHolder } from '../../electron/core/token/token-key-holders.js';
import { createSoftHsmToken, type SoftHsmToken } from './softhsm-token.js';
import { importTestCrls, pemToDer } from './softhsm/test-pki.js';
import { realTokenLauncher, tokenCore, unlockedKeyHolders } from './token-core.js';

export interface MessagingToken {
  readonly token: SoftHsmToken;
  readonly core: Core;
  readonly rsa: TokenKeyHolder;
  readonly ec: TokenKeyHolder;
  readonly trust: SignerTrust;
  /** The test PKI's intermediate certificate (DER), sent with each signature's chain. */
  readonly intermediate: Uint8Array;
}

/** Register stop() in an after hook before start(): it undoes whatever start() got to. */
export class MessagingTokenLab {
  #token: SoftHsmToken | undefined;
  #core: Core | undefined;

  async start(): Promise<MessagingToken> {
    const token = await createSoftHsmToken();
    this.#token = token;
    const { core } = tokenCore(realTokenLauncher(token.env), [token.modulePath], { anchors: [token.pki.rootPem], intermediates: [token.pki.intermediatePem] });
    this.#core = core;
    await core.start();
    const { rsa, ec } = await unlockedKeyHolders(core, token);
    const crls = new CrlCache(new MemoryCrlStore());
    await importTestCrls(crls, token.pki);
    const trust: SignerTrust = { anchors: TrustAnchors.load([token.pki.rootPem]), intermediates: [], crls, now: () => new Date() };
    return { token, core, rsa, ec, trust, intermediate: new Uint8Array(pemToDer(token.pki.intermediatePem)) };
  }

  async stop(): Promise<void> {
    this.#core?.stop();
    await this.#token?.cleanup();
  }
}
