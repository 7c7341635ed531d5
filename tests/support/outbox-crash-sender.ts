// Child process for the outbox crash test: takes a queued message out to send, says so, and waits
// as if in the middle of publishing until the test kills it with SIGKILL.
import { constants, createPrivateKey, privateDecrypt } from 'node:crypto';
import { SealedOutbox } from '../../electron/core/messaging/sealed-outbox.js';
import { SealedStore } from '../../electron/core/store/sealed-store.js';

const [file, messageId] = [process.argv[2] ?? '', process.argv[3] ?? ''];
const privateKey = createPrivateKey(Buffer.from(process.env['CRASH_TEST_KEY'] ?? '', 'base64').toString('utf8'));
const store = SealedStore.open(file);
await store.unlock(Buffer.from(process.env['CRASH_TEST_CERT'] ?? '', 'base64'), {
  decryptOaep: (ciphertext) => Promise.resolve(new Uint8Array(privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, ciphertext))),
  deriveEcdh: () => Promise.reject(new Error('RSA only')),
});
const entry = new SealedOutbox(store).beginSend(messageId);
process.stdout.write(`sending ${entry?.messageId ?? 'none'} ${Buffer.from(entry?.message ?? []).toString('base64')}\n`);
setInterval(() => undefined, 60_000);
