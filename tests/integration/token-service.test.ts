import assert from 'node:assert/strict';
import { constants, createECDH, createHash, publicEncrypt, randomBytes, verify, X509Certificate } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Core } from '../../electron/core/core.js';
import { DomainError } from '../../electron/core/domain-error.js';
import { TokenClient } from '../../electron/core/token/token-client.js';
import type { TokenService } from '../../electron/core/token/token-service.js';
import type { TokenRef } from '../../shared/domain/token.js';
import { createSoftHsmToken, type SoftHsmToken } from '../support/softhsm-token.js';
import { TRUSTED } from '../support/core.js';
import { realTokenLauncher, tokenCore, until } from '../support/token-core.js';

describe('token service on a real SoftHSM2 token, in its own process', () => {
  let hsm: SoftHsmToken;
  let core: Core;
  let tokens: TokenService;
  let ref: TokenRef;
  let log: ReturnType<typeof tokenCore>['log'];

  before(async () => {
    hsm = await createSoftHsmToken({ extraTokens: ['Second Token'] });
    ({ core, log } = tokenCore(realTokenLauncher(hsm.env), ['/nonexistent/vendor-pkcs11.so', hsm.modulePath]));
    await core.start();
    const service = core.services.tokens;
    assert.ok(service);
    tokens = service;
    ref = { serial: hsm.serial, label: hsm.label };
  });
  after(async () => {
    core?.stop();
    await hsm?.cleanup();
  });

  const unlock = (pin: string) => core.dispatcher.dispatch('session.unlock', { token: ref, pin }, TRUSTED);
  const digestOf = (text: string) => createHash('sha256').update(text).digest();

  it('starts locked and lists every token by serial and label, trying module paths in order', () => {
    assert.deepEqual(core.services.session.state().locked, true);
    const listed = tokens.list().map((token) => token.ref);
    assert.deepEqual(
      listed.sort((a, b) => a.label.localeCompare(b.label)),
      [ref, { serial: hsm.extraTokens[0]?.serial, label: 'Second Token' }].sort((a, b) => (a.label ?? '').localeCompare(b.label ?? '')),
    );
  });

  it('maps a wrong PIN to a clear error with the tries state, and stays locked', async () => {
    const reply = await unlock('000000');
    assert.equal(reply.ok, false);
    if (reply.ok) return;
    assert.equal(reply.error.code, 'token.pinIncorrect');
    // SoftHSM raises CKF_USER_PIN_COUNT_LOW after a failure; it cannot show "final try" or "locked".
    assert.equal(reply.error.details?.pinTries, 'fewLeft');
    assert.equal(core.services.session.state().locked, true);
    assert.ok(!JSON.stringify(log.events).includes('000000'), 'the PIN is never logged');
  });

  it('refuses a PIN of the wrong length before the token sees it', async () => {
    const reply = await core.dispatcher.dispatch('session.unlock', { token: ref, pin: '12' }, TRUSTED);
    assert.equal(!reply.ok && reply.error.code, 'ipc.invalidRequest');
  });

  it('unlocks with the right PIN', async () => {
    const reply = await unlock(hsm.userPin);
    assert.deepEqual(reply, { ok: true, value: { locked: false } });
    assert.equal(tokens.list().find((token) => token.ref.serial === ref.serial)?.loggedIn, true);
  });

  it('signs RSA-PSS SHA-256 on the token; Node and openssl verify it', async () => {
    const data = 'Công văn số 123/UBND — bản chính';
    const signature = await tokens.sign(ref, hsm.keys.rsa.id, 'rsaPssSha256', digestOf(data));
    const publicKey = new X509Certificate(hsm.pki.rsaLeafPem).publicKey;
    assert.ok(verify('sha256', Buffer.from(data), { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature));
    const files = await writeFiles({ 'data.txt': data, 'rsa.sig': signature, 'rsa.pub': publicKey.export({ type: 'spki', format: 'pem' }) });
    const out = await hsm.openssl(['dgst', '-sha256', '-verify', files['rsa.pub'], '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:32', '-signature', files['rsa.sig'], files['data.txt']]);
    assert.match(out.stdout, /Verified OK/);
  });

  it('signs ECDSA P-256 on the token as DER; Node and openssl verify it', async () => {
    const data = 'Báo cáo tháng 11';
    const signature = await tokens.sign(ref, hsm.keys.ec.id, 'ecdsaSha256', digestOf(data));
    assert.equal(signature[0], 0x30, 'DER SEQUENCE');
    const publicKey = new X509Certificate(hsm.pki.ecLeafPem).publicKey;
    assert.ok(verify('sha256', Buffer.from(data), publicKey, signature));
    const files = await writeFiles({ 'ec-data.txt': data, 'ec.sig': signature, 'ec.pub': publicKey.export({ type: 'spki', format: 'pem' }) });
    const out = await hsm.openssl(['dgst', '-sha256', '-verify', files['ec.pub'], '-signature', files['ec.sig'], files['ec-data.txt']]);
    assert.match(out.stdout, /Verified OK/);
  });

  it('decrypts RSA-OAEP-SHA256 on the token (raw RSA + software OAEP where the module lacks it)', async () => {
    const fileKey = randomBytes(32);
    const ciphertext = publicEncrypt({ key: new X509Certificate(hsm.pki.rsaLeafPem).publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, fileKey);
    const result = await tokens.decrypt(ref, hsm.keys.rsa.id, 'rsaOaepSha256', ciphertext);
    assert.ok(Buffer.from(result.plaintext).equals(fileKey));
    // SoftHSM 2.6.1 offers OAEP with SHA-1 only: the capability probe must have chosen the fallback.
    assert.equal(result.path, 'rawRsaSoftwareOaep');
    const tampered = Buffer.from(ciphertext);
    tampered[10] = (tampered[10] ?? 0) ^ 1;
    await assert.rejects(tokens.decrypt(ref, hsm.keys.rsa.id, 'rsaOaepSha256', tampered), (error: unknown) => error instanceof DomainError && error.code === 'token.decryptFailed');
  });

  it('derives the same ECDH P-256 secret on the token as the other party does in software', async () => {
    const tokenPublic = new X509Certificate(hsm.pki.ecLeafPem).publicKey.export({ format: 'jwk' });
    const tokenPoint = Buffer.concat([Buffer.of(4), Buffer.from(tokenPublic.x ?? '', 'base64url'), Buffer.from(tokenPublic.y ?? '', 'base64url')]);
    const sender = createECDH('prime256v1');
    const senderPublic = sender.generateKeys();
    const expected = sender.computeSecret(tokenPoint);
    const secret = await tokens.deriveEcdh(ref, hsm.keys.ec.id, senderPublic);
    assert.ok(Buffer.from(secret).equals(expected));
  });

  it('wraps and unwraps a data key with the token-resident AES key', async () => {
    const dataKey = randomBytes(32);
    const wrapped = await tokens.wrapKey(ref, hsm.keys.aes.id, dataKey);
    assert.equal(wrapped.length, 40);
    assert.ok(!Buffer.from(wrapped).includes(dataKey.subarray(0, 8)));
    assert.ok(Buffer.from(await tokens.unwrapKey(ref, hsm.keys.aes.id, wrapped)).equals(dataKey));
  });

  it('refuses an extractable private key and keeps sensitive keys unreadable', async () => {
    const keys = await tokens.keys(ref);
    assert.equal(keys.find((key) => key.keyId === hsm.keys.extractable.id)?.safe, false);
    assert.equal(keys.find((key) => key.keyId === hsm.keys.rsa.id)?.safe, true);
    await assert.rejects(tokens.sign(ref, hsm.keys.extractable.id, 'ecdsaSha256', digestOf('x')), (error: unknown) => error instanceof DomainError && error.code === 'token.keyUnsafe');
    // pkcs11-tool cannot even try to read a private key; the secret key's value it can ask for, and is refused.
    await assert.rejects(hsm.pkcs11Tool(['--token-label', hsm.label, '--login', '--pin', hsm.userPin, '--read-object', '--type', 'secrkey', '--id', hsm.keys.aes.id]), /CKR_ATTRIBUTE_SENSITIVE/);
  });

  it('reads the certificates stored on the token', async () => {
    const certificates = await tokens.certificates(ref);
    const byId = new Map(certificates.map((certificate) => [certificate.keyId, new X509Certificate(Buffer.from(certificate.der))]));
    assert.equal(byId.get(hsm.keys.rsa.id)?.fingerprint256, new X509Certificate(hsm.pki.rsaLeafPem).fingerprint256);
    assert.equal(byId.get(hsm.keys.ec.id)?.fingerprint256, new X509Certificate(hsm.pki.ecLeafPem).fingerprint256);
  });

  it('changes the PIN with C_SetPIN; a wrong old PIN is refused with its error', async () => {
    const changed = await core.dispatcher.dispatch('token.changePin', { token: ref, oldPin: hsm.userPin, newPin: '654321' }, TRUSTED);
    assert.deepEqual(changed, { ok: true, value: { changed: true } });
    const wrong = await core.dispatcher.dispatch('token.changePin', { token: ref, oldPin: '111111', newPin: '222222' }, TRUSTED);
    assert.equal(!wrong.ok && wrong.error.code, 'token.pinIncorrect');
    const back = await core.dispatcher.dispatch('token.changePin', { token: ref, oldPin: '654321', newPin: hsm.userPin }, TRUSTED);
    assert.equal(back.ok, true);
  });

  it('never goes down under a mechanism and request fuzz; the token process survives every input', async () => {
    // Straight at the token process, past the IPC contract, as a compromised main-process caller would.
    let stops = 0;
    const client = new TokenClient({ launcher: realTokenLauncher(hsm.env), modulePaths: [hsm.modulePath], onStopped: () => stops++ });
    await client.start();
    await client.request({ op: 'login', token: ref, pin: hsm.userPin });
    const pid = client.pid;
    const random = (n: number) => randomBytes(n);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
    const ops = ['sign', 'decrypt', 'deriveEcdh', 'wrapKey', 'unwrapKey', 'login', 'listKeys', 'bogus', '__proto__'];
    const values = () => pick<unknown>([random(pick([0, 1, 31, 32, 33, 64, 65, 255, 256, 257, 512, 4096])), pick(['rsaPssSha256', 'ecdsaSha256', 'rsaOaepSha256', 'CKM_RSA_X_509', '0x1', '']), 13, -1, null, {}, [], 'zz', hsm.keys.rsa.id, hsm.keys.ec.id, hsm.keys.aes.id, '03']);
    for (let i = 0; i < 400; i++) {
      const request: Record<string, unknown> = { op: pick(ops), token: pick([ref, { serial: 'x', label: 'y' }, null]) };
      for (const field of ['keyId', 'mechanism', 'digest', 'data', 'publicPoint', 'keyToWrap', 'wrapped']) if (Math.random() < 0.6) request[field] = values();
      await client.request(request as never).then(
        () => undefined,
        (error: unknown) => assert.ok(error instanceof DomainError, String(error)),
      );
    }
    assert.equal(client.pid, pid, 'the token process never died');
    assert.equal(stops, 0);
    const { signature } = await client.request({ op: 'sign', token: ref, keyId: hsm.keys.ec.id, mechanism: 'ecdsaSha256', digest: digestOf('still alive') });
    assert.ok(signature.length > 60);
    client.stop();
  });

  it('locks the app when the token process is killed, and restarts it', async () => {
    const pid = tokenPid(core);
    assert.ok(pid);
    assert.equal(core.services.session.state().locked, false);
    const changes: unknown[] = [];
    core.services.events.subscribe((name, payload) => changes.push({ name, payload }));
    process.kill(pid, 'SIGKILL');
    await until(() => core.services.session.state().locked, 'the lock');
    const state = core.services.session.state();
    assert.ok(state.locked && state.reason === 'tokenServiceStopped');
    assert.ok(changes.some((change) => (change as { name: string }).name === 'session.changed'));
    await until(() => tokenPid(core) !== undefined && tokenPid(core) !== pid && tokens.list().length === 2, 'the restart');
    // A new process: the user must log in again.
    assert.equal(tokens.list().every((token) => !token.loggedIn), true);
    assert.deepEqual(await unlock(hsm.userPin), { ok: true, value: { locked: false } });
  });

  async function writeFiles<Name extends string>(files: Record<Name, string | Uint8Array>): Promise<Record<Name, string>> {
    const paths = {} as Record<Name, string>;
    for (const name of Object.keys(files) as Name[]) {
      paths[name] = path.join(hsm.dir, name);
      await writeFile(paths[name], files[name]);
    }
    return paths;
  }
});

function tokenPid(core: Core): number | undefined {
  return core.services.tokens?.processId;
}


describe('token service on a machine with no loadable PKCS#11 module (real token process)', () => {
  it('says the driver is missing, and does not retry for ever as if the process had crashed', async () => {
    let launches = 0;
    const real = realTokenLauncher({});
    const { core } = tokenCore((paths) => {
      launches++;
      return real(paths);
    }, ['/nonexistent/vendor-pkcs11.so']);
    try {
      await assert.rejects(core.start(), (error: unknown) => error instanceof DomainError && error.code === 'token.noModule');
      assert.deepEqual(await core.dispatcher.dispatch('token.service', {}, TRUSTED), { ok: true, value: { restarting: false, moduleMissing: true } });
      // Longer than the first two restart delays (250 + 500 ms): a crash would have been retried by now.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(launches, 1, 'a missing driver is the setup, not a crash: no restart loop');
      assert.equal(core.services.session.state().locked, true);
    } finally {
      core.stop();
    }
  });
});
