// The token process: the only process that loads a PKCS#11 module. A crash or abort here (pkcs11js
// can abort on a malformed mechanism parameter) ends this process only; the app locks and restarts it.
import { TokenRequest, WorkerRequestEnvelope, type TokenRequest as Request } from '../core/token/protocol.js';
import { toTokenError } from './failures.js';
import { Pkcs11Tokens } from './pkcs11-tokens.js';
import { decrypt, deriveEcdh, signDigest, unwrapKey, wrapKey } from './token-operations.js';
import { connectToParent } from './worker-port.js';

function handle(tokens: Pkcs11Tokens, request: Request): unknown {
  switch (request.op) {
    case 'listTokens':
      return tokens.list();
    case 'login':
      tokens.login(request.token, request.pin);
      return { loggedIn: true };
    case 'logout':
      tokens.logout(request.token);
      return { loggedIn: false };
    case 'changePin':
      tokens.changePin(request.token, request.oldPin, request.newPin);
      return { changed: true };
    case 'listCertificates':
      return tokens.certificates(request.token);
    case 'listKeys':
      return tokens.keys(request.token);
    case 'mechanisms':
      return tokens.mechanisms(request.token).map((mechanism) => `0x${mechanism.toString(16)}`);
    case 'sign':
      return { signature: signDigest(tokens, request.token, request.keyId, request.mechanism, request.digest, request.contextPin) };
    case 'decrypt':
      return decrypt(tokens, request.token, request.keyId, request.mechanism, request.data);
    case 'deriveEcdh':
      return { secret: deriveEcdh(tokens, request.token, request.keyId, request.publicPoint) };
    case 'wrapKey':
      return { wrapped: wrapKey(tokens, request.token, request.keyId, request.keyToWrap) };
    case 'unwrapKey':
      return { key: unwrapKey(tokens, request.token, request.keyId, request.wrapped) };
  }
}

const port = connectToParent();
port.onParentGone(() => process.exit(0));

const modulePaths = (() => {
  try {
    const parsed: unknown = JSON.parse(process.argv[2] ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((path): path is string => typeof path === 'string') : [];
  } catch {
    return [];
  }
})();

let loaded: ReturnType<typeof Pkcs11Tokens.load>;
try {
  loaded = Pkcs11Tokens.load(modulePaths);
} catch (error) {
  port.post({ event: 'fatal', failure: error instanceof Error ? error.message : String(error) });
  process.exit(3);
}
const { tokens } = loaded;
process.on('exit', () => {
  try {
    tokens.close();
  } catch {
    // Exiting anyway.
  }
});

port.onMessage((message) => {
  const envelope = WorkerRequestEnvelope.safeParse(message);
  if (!envelope.success) return; // not from our client: nothing to answer
  const { id } = envelope.data;
  const request = TokenRequest.safeParse(envelope.data.request);
  if (!request.success) {
    port.post({ id, ok: false, failure: 'badRequest' });
    return;
  }
  try {
    port.post({ id, ok: true, value: handle(tokens, request.data) });
  } catch (error) {
    const mapped = toTokenError(error);
    // A failure that is not a PKCS#11 return value is a bug here: keep its stack (never request data).
    if (mapped.failure === 'failed' && mapped.cause instanceof Error) process.stderr.write(`token process: ${request.data.op}: ${mapped.cause.stack ?? mapped.cause.message}\n`);
    port.post(mapped.ckr === undefined ? { id, ok: false, failure: mapped.failure } : { id, ok: false, failure: mapped.failure, ckr: mapped.ckr });
  }
});
port.post({ event: 'ready', modulePath: loaded.modulePath });
