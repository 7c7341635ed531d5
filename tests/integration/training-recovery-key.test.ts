// The training kit's recovery key (tools/training-kit/training-backup.ts) as the kit makes it: a
// real SoftHSM token of its own, a certificate from the training CA (real `openssl ca`, CSR signed
// on the token), then a backup repository wrapped to an official's certificate and to it, opened
// by the recovery token alone through the app's real token process. The official's side is a
// SOFTWARE stand-in key: the subject is the recovery holder.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { initRepository, openRepository } from '../../electron/core/backup/repository.js';
import { FolderTarget } from '../../electron/core/backup/targets/folder-target.js';
import { tokenKeyHolders } from '../../electron/core/token/token-key-holders.js';
import { runTool } from '../../tools/training-kit/pki/run-tool.js';
import { readTokenSerials, SOFTHSM_MODULE } from '../../tools/training-kit/pki/softhsm.js';
import { makeRecoveryKey, RECOVERY_TOKEN_LABEL, type TrainingRecovery } from '../../tools/training-kit/training-backup.js';
import { createTrainingCa, type TrainingCa } from '../../tools/training-kit/training-pki.js';
import { softwareRecipient } from '../support/software-recipient.js';
import { teardownAfterSuite } from '../support/teardown.js';
import { realTokenLauncher, tokenCore, until } from '../support/token-core.js';

describe('the training kit’s recovery key: on its own token, certified by the training CA, and it opens a backup made to it (SoftHSM, openssl, the token process)', () => {
  const teardown = teardownAfterSuite();
  let dir: string;
  let ca: TrainingCa;
  let recovery: TrainingRecovery;

  before(async () => {
    dir = await teardown.tempDir('airlock-training-recovery-');
    ca = await createTrainingCa(path.join(dir, 'pki'), (args) => runTool('openssl', args, {}, dir), new Date());
    recovery = await makeRecoveryKey(path.join(dir, 'khoi-phuc'), ca, { userPin: '246810', soPin: '135791357913' });
  });

  it('is an RSA key for key encipherment, issued by the training issuing CA, on a token in its own SoftHSM folder (the only token there)', async () => {
    const certificate = new X509Certificate(Buffer.from(recovery.certificateDer));
    assert.match(certificate.subject, /CN=Khoá khôi phục dữ liệu của cơ quan \(tập huấn\)/);
    assert.equal(certificate.publicKey.asymmetricKeyType, 'rsa');
    const usage = (await runTool('openssl', ['x509', '-inform', 'DER', '-noout', '-ext', 'keyUsage', '-in', path.join(dir, 'khoi-phuc', 'recovery.der')], {})).stdout;
    assert.match(usage, /Key Encipherment/);
    assert.ok(certificate.checkIssued(new X509Certificate(await readFile(ca.issuingCert))));
    assert.deepEqual([...(await readTokenSerials({ SOFTHSM2_CONF: recovery.softhsmConf })).keys()], [RECOVERY_TOKEN_LABEL]);
    assert.ok((await readFile(recovery.softhsmConf, 'utf8')).includes(path.join(dir, 'khoi-phuc')), 'its token folder is in the kit’s recovery folder');
  });

  it('opens a repository wrapped to an official and to it, with the token alone', async () => {
    const official = await softwareRecipient('rsa', 'Nguyễn Văn An');
    const target = path.join(dir, 'o-usb-sao-luu');
    await initRepository(new FolderTarget(target), [{ certificateDer: official.certificateDer, role: 'user' }, { certificateDer: recovery.certificateDer, role: 'recovery' }], () => undefined);
    const { core } = tokenCore(realTokenLauncher({ SOFTHSM2_CONF: recovery.softhsmConf }), [SOFTHSM_MODULE], { dataDir: path.join(dir, 'data') });
    teardown.defer(() => core.stop());
    await core.start();
    const tokens = core.services.tokens ?? assert.fail('no token service');
    await until(() => tokens.list().some((token) => token.ref.label === RECOVERY_TOKEN_LABEL), 'the recovery token listed');
    const ref = tokens.list().find((token) => token.ref.label === RECOVERY_TOKEN_LABEL)?.ref ?? assert.fail('no recovery token');
    await tokens.login(ref, recovery.pin);
    const [holder] = await tokenKeyHolders(tokens, ref);
    assert.ok(holder !== undefined, 'the key with its certificate on the token');
    const byRecovery = await openRepository(new FolderTarget(target), holder);
    const byOfficial = await openRepository(new FolderTarget(target), official);
    assert.equal(byRecovery.config.id, byOfficial.config.id);
    byRecovery.close();
    byOfficial.close();
  });
});
