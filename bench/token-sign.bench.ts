// Signatures per second through the token service (main → token process → SoftHSM) against the
// same SoftHSM token called directly with pkcs11js in this process: the cost of isolation.
import { createHash } from 'node:crypto';
import path from 'node:path';
import pkcs11js from 'pkcs11js';
import { TokenClient } from '../electron/core/token/token-client.js';
import { nodeTokenProcessLauncher } from '../electron/platform/node-token-process.js';
import { createSoftHsmToken, type SoftHsmToken } from '../tests/support/softhsm-token.js';
import type { Benchmark } from './harness.js';

const digest = createHash('sha256').update('benchmark').digest();
let hsm: SoftHsmToken;
let client: TokenClient;
let direct: { module: pkcs11js.PKCS11; session: Buffer; rsa: Buffer; ec: Buffer };
const ref = () => ({ serial: hsm.serial, label: hsm.label });

const RSA_PSS = { mechanism: pkcs11js.CKM_RSA_PKCS_PSS, parameter: { type: pkcs11js.CK_PARAMS_RSA_PSS, hashAlg: pkcs11js.CKM_SHA256, mgf: pkcs11js.CKG_MGF1_SHA256, saltLen: 32 } as pkcs11js.RsaPSS };

function findKey(module: pkcs11js.PKCS11, session: Buffer, id: string): Buffer {
  module.C_FindObjectsInit(session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY }, { type: pkcs11js.CKA_ID, value: Buffer.from(id, 'hex') }]);
  const [key] = module.C_FindObjects(session, 1);
  module.C_FindObjectsFinal(session);
  if (key === undefined) throw new Error(`no key ${id}`);
  return key;
}

const bench: Benchmark = {
  name: 'token-sign',
  description: 'signatures/s on one SoftHSM2 token: through the token service vs. pkcs11js in-process',
  async setup() {
    hsm = await createSoftHsmToken();
    client = new TokenClient({
      launcher: nodeTokenProcessLauncher({ entry: path.resolve(import.meta.dirname, '../electron/token-process/entry.ts'), execArgv: ['--import', 'tsx'], env: { ...process.env, ...hsm.env } }),
      modulePaths: [hsm.modulePath],
      onStopped: () => undefined,
    });
    await client.start();
    const started = process.hrtime.bigint();
    await client.request({ op: 'login', token: ref(), pin: hsm.userPin });
    process.stdout.write(`login through the service: ${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(1)} ms\n`);
    // SoftHSM reads its configuration at C_Initialize, from this process's environment.
    Object.assign(process.env, hsm.env);
    const module = new pkcs11js.PKCS11();
    module.load(hsm.modulePath);
    module.C_Initialize();
    const slot = module.C_GetSlotList(true).find((s) => module.C_GetTokenInfo(s).serialNumber.trim() === hsm.serial);
    if (slot === undefined) throw new Error('token not found');
    const session = module.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    const directLogin = process.hrtime.bigint();
    module.C_Login(session, pkcs11js.CKU_USER, hsm.userPin);
    process.stdout.write(`login direct (C_Login):    ${(Number(process.hrtime.bigint() - directLogin) / 1e6).toFixed(1)} ms\n`);
    direct = { module, session, rsa: findKey(module, session, hsm.keys.rsa.id), ec: findKey(module, session, hsm.keys.ec.id) };
  },
  async teardown() {
    client.stop();
    direct.module.C_Finalize();
    await hsm.cleanup();
  },
  reference: {
    label: 'RSA-2048 PSS, pkcs11js direct',
    run: () => {
      direct.module.C_SignInit(direct.session, RSA_PSS, direct.rsa);
      direct.module.C_Sign(direct.session, digest, Buffer.alloc(256));
    },
  },
  cases: [
    { label: 'RSA-2048 PSS, token service', run: () => client.request({ op: 'sign', token: ref(), keyId: hsm.keys.rsa.id, mechanism: 'rsaPssSha256', digest }) },
    {
      label: 'ECDSA P-256, pkcs11js direct',
      run: () => {
        direct.module.C_SignInit(direct.session, { mechanism: pkcs11js.CKM_ECDSA }, direct.ec);
        direct.module.C_Sign(direct.session, digest, Buffer.alloc(72));
      },
    },
    { label: 'ECDSA P-256, token service', comparesTo: 'ECDSA P-256, pkcs11js direct', run: () => client.request({ op: 'sign', token: ref(), keyId: hsm.keys.ec.id, mechanism: 'ecdsaSha256', digest }) },
  ],
};
export default bench;
