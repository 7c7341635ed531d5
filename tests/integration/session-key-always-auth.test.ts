// The session's own key (settings and audit stores wrapped to it, audit checkpoints signed with it)
// is the first key by id that does not ask its PIN for every operation (docs/store.md "The
// session's key"). On a real SoftHSM token an always-auth key (pkcs11-tool --always-auth) gets the
// lowest id, 00: the stores are wrapped to the ordinary RSA key 01 and checkpoints are signed and
// verify, at the first unlock and the next. A token whose only key is always-auth is refused at
// unlock with store.noSessionKey, stays locked, and the refusal is audited.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Core } from '../../electron/core/core.js';
import type { AuditEntryView, AuditVerdict } from '../../shared/domain/audit.js';
import { addAlwaysAuthSigningKey, type AlwaysAuthKey } from '../support/always-auth-key.js';
import { TRUSTED } from '../support/core.js';
import { createSoftHsmToken, type SoftHsmToken } from '../support/softhsm-token.js';
import type { AirlockApi } from '../../shared/ipc/api.js';
import type { EventPayload } from '../../shared/ipc/contract.js';
import { startedTokenCore, until } from '../support/token-core.js';

describe('the session key skips keys that ask their PIN for every operation (SoftHSM, --always-auth)', () => {
  let hsm: SoftHsmToken;
  let core: Core;
  let api: AirlockApi;
  let dataDir: string;
  const finished: EventPayload<'documents.finished'>[] = [];
  let lowest: AlwaysAuthKey;
  const ONLY_ALWAYS_AUTH = 'Only Always Auth';
  const call = async <T>(channel: string, payload: unknown): Promise<T> => {
    const reply = await core.dispatcher.dispatch(channel, payload, TRUSTED);
    assert.ok(reply.ok, `${channel}: ${JSON.stringify(reply)}`);
    return reply.value as T;
  };
  /** The chain holds and its latest checkpoint's token signature checks (audit-checkpoint.ts). */
  const checkpointVerifies = async (): Promise<void> => {
    const verdict = await call<AuditVerdict>('audit.verify', {});
    assert.ok(verdict.ok, JSON.stringify(verdict));
    assert.equal(verdict.lastCheckpoint, verdict.entries - verdict.sinceCheckpoint);
  };
  const main = () => ({ serial: hsm.serial, label: hsm.label });

  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'airlock-session-key-'));
    hsm = await createSoftHsmToken({ extraTokens: [ONLY_ALWAYS_AUTH] });
    lowest = await addAlwaysAuthSigningKey(hsm, { keyId: '00' });
    await addAlwaysAuthSigningKey(hsm, { keyId: '00', tokenLabel: ONLY_ALWAYS_AUTH });
    ({ core, api } = await startedTokenCore(hsm, dataDir));
    api.events.on('documents.finished', (event) => finished.push(event));
  });
  after(async () => {
    core?.stop();
    await Promise.all([hsm?.cleanup(), dataDir === undefined ? undefined : rm(dataDir, { recursive: true, force: true })]);
  });

  it('refuses a token whose only key is always-auth at unlock, clearly, and stays locked', async () => {
    const only = hsm.extraTokens[0];
    assert.ok(only);
    const reply = await core.dispatcher.dispatch('session.unlock', { token: only, pin: hsm.userPin }, TRUSTED);
    assert.equal(!reply.ok && reply.error.code, 'store.noSessionKey');
    assert.equal(core.services.session.state().locked, true);
    const tokens = core.services.tokens;
    assert.ok(tokens);
    await tokens.refresh();
    assert.ok(tokens.list().every((token) => !token.loggedIn), 'the refused token is logged out');
  });

  it('wraps the new stores to the ordinary key 01, not the always-auth key 00, and signs checkpoints with it', async () => {
    await call('session.unlock', { token: main(), pin: hsm.userPin });
    const vault = core.services.vault;
    assert.ok(vault);
    const rsaLeaf = new Uint8Array(await readFile(hsm.pki.paths.rsaLeafCertDer));
    assert.deepEqual(vault.recipientsOf(vault.settings).map((recipient) => Buffer.from(recipient.certificateDer).equals(rsaLeaf)), [true]);
    assert.ok(!Buffer.from(vault.signer.certificateDer).equals(lowest.certificateDer));
    assert.ok(Buffer.from(vault.signer.certificateDer).equals(rsaLeaf));
    const entries = await call<AuditEntryView[]>('audit.query', {});
    assert.ok(entries.some((entry) => entry.kind === 'audit.checkpoint'), 'a checkpoint signed at unlock');
    const refused = entries.find((entry) => entry.kind === 'session.unlock' && entry.result === 'refused');
    assert.equal(refused?.details['code'], 'store.noSessionKey');
    assert.equal(refused?.details['serial'], hsm.extraTokens[0]?.serial);
    await checkpointVerifies();
  });

  it('opens the existing stores with the same key at the next unlock; its checkpoints verify too', async () => {
    await call('session.lock', {});
    await call('session.unlock', { token: main(), pin: hsm.userPin });
    const entries = await call<AuditEntryView[]>('audit.query', { kind: 'audit.checkpoint' });
    assert.ok(entries.length >= 2, 'a checkpoint after each unlock');
    await checkpointVerifies();
  });

  it('signs an encrypted document with the same ordinary key, not the always-auth key 00 (the container’s sender key)', async () => {
    const colleague = await call<{ status: string; entry: { fingerprint: string } }>('directory.import', { certificate: Buffer.from(hsm.pki.ecLeafPem).toString('base64') });
    const source = path.join(dataDir, 'Công văn.txt');
    await writeFile(source, 'Công văn số 12.\n');
    const output = path.join(dataDir, 'cong-van.alc');
    const { job } = await call<{ job: string }>('documents.encrypt', { source, output, recipients: [colleague.entry.fingerprint], label: { level: 'unclassified', caveats: [], declassifyOn: null } });
    await until(() => finished.some((event) => event.job === job), 'the encryption to finish', 60_000);
    assert.deepEqual(finished.find((event) => event.job === job), { job, ok: true, output });
    const opened = await call<{ signer: { fingerprint: string } }>('documents.open', { path: output });
    const rsaLeaf = await readFile(hsm.pki.paths.rsaLeafCertDer);
    assert.equal(opened.signer.fingerprint, createHash('sha256').update(rsaLeaf).digest('hex'));
  });
});
