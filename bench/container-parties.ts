// The sender, the recipient and the trust the container benches use: the committed test PKI of
// tests/vectors/container/pki (an ECDSA signer under the test root, an ECDH recipient).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CrlCache, MemoryCrlStore } from '../electron/core/certificates/revocation.js';
import { TrustAnchors } from '../electron/core/certificates/trust-anchors.js';
import { opensslSigner } from '../tests/support/openssl-signer.js';
import { runTool } from '../tests/support/softhsm/run-tool.js';
import { pemToDer } from '../tests/support/softhsm/test-pki.js';
import { recipientFromPem } from '../tests/support/software-recipient.js';

export async function containerParties() {
  const vectors = path.resolve(import.meta.dirname, '../tests/vectors/container/pki');
  const pem = (name: string) => readFileSync(path.join(vectors, name), 'utf8');
  const recipientCert = new Uint8Array(pemToDer(pem('recipient-ec.pem')));
  const signer = opensslSigner((args) => runTool('openssl', args, {}), path.join(vectors, 'signer.key'), pem('signer.pem'));
  const crls = new CrlCache(new MemoryCrlStore());
  await crls.import(pem('root.crl.pem'), [pem('root.pem')]);
  const trust = { anchors: TrustAnchors.load([pem('root.pem')]), intermediates: [], crls, now: () => new Date() };
  return { recipientCert, signer, trust, recipientKeys: () => [recipientFromPem(recipientCert, pem('recipient-ec.key'))] };
}
