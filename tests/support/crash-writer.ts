// Child process for the crash test: writes batches into a sealed store until it is killed.
// After each commit it prints "committed <batch> <first id> <count>" — only then is a batch owed.
import { constants, createPrivateKey, privateDecrypt } from 'node:crypto';
import { SealedStore } from '../../electron/core/store/sealed-store.js';

const [file, keyPem] = [process.argv[2] ?? '', Buffer.from(process.env['CRASH_TEST_KEY'] ?? '', 'base64').toString('utf8')];
const certificateDer = Buffer.from(process.env['CRASH_TEST_CERT'] ?? '', 'base64');
const privateKey = createPrivateKey(keyPem);
const store = SealedStore.open(file);
await store.unlock(certificateDer, {
  decryptOaep: (ciphertext) => Promise.resolve(new Uint8Array(privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, ciphertext))),
  deriveEcdh: () => Promise.reject(new Error('RSA only')),
});
let batch = Number(process.argv[3] ?? 0);
for (;;) {
  const count = 1 + Math.floor(Math.random() * 20);
  const ids = store.transaction(() => Array.from({ length: count }, (_, i) => store.put('crash', { batch, i, count, pad: 'x'.repeat(Math.floor(Math.random() * 2000)) })));
  process.stdout.write(`committed ${batch} ${ids[0]} ${count}\n`);
  batch++;
}
