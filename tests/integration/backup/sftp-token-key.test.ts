import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SftpTarget } from '../../../electron/core/backup/targets/sftp-target.js';
import { TokenSshAgent, sshPublicKeyOfCertificate } from '../../../electron/core/backup/targets/token-ssh-agent.js';
import type { TokenKeyHolder } from '../../../electron/core/token/token-key-holders.js';
import { startBackupSshServer, type BackupSshServer } from '../../support/backup/sshd.js';
import { refused } from '../../support/backup/target-contract.js';
import { MessagingTokenLab } from '../../support/messaging-token.js';
import { teardownAfterSuite } from '../../support/teardown.js';

describe("SFTP with the official's key on the token (SoftHSM through the token process) against the real sshd", () => {
  const teardown = teardownAfterSuite();
  const lab = new MessagingTokenLab();
  let server: BackupSshServer;
  let ec: TokenKeyHolder;
  let rsa: TokenKeyHolder;
  after(() => lab.stop());
  before(async () => {
    server = await startBackupSshServer(teardown);
    ({ ec, rsa } = await lab.start());
  });

  it("the certificate's P-256 key as an OpenSSH public key line is what ssh-keygen makes of it", async () => {
    const dir = await teardown.tempDir('airlock-sshkey-');
    const spki = path.join(dir, 'key.pem');
    await writeFile(spki, new X509Certificate(ec.signer.certificateDer).publicKey.export({ type: 'spki', format: 'pem' }));
    const reference = execFileSync('ssh-keygen', ['-i', '-m', 'PKCS8', '-f', spki], { encoding: 'utf8' }).trim();
    assert.equal(sshPublicKeyOfCertificate(ec.signer.certificateDer), reference);
    assert.throws(() => new TokenSshAgent(rsa.signer), RangeError);
  });

  it('authenticates with a signature made on the token, once the server lists that key; not before', async () => {
    const root = path.join(server.home, 'token-key');
    const target = () => {
      const made = new SftpTarget({ host: '127.0.0.1', port: server.port, username: server.username, agent: new TokenSshAgent(ec.signer), hostKeySha256: server.hostKeySha256, root, connectTimeoutMs: 10_000 });
      teardown.defer(() => made.close());
      return made;
    };
    await refused(target().list(''), 'refused');
    await server.authorize(sshPublicKeyOfCertificate(ec.signer.certificateDer));
    const before = server.log().length;
    const withToken = target();
    await withToken.put('config', Buffer.from('signed on the token'));
    assert.equal((await withToken.get('config')).toString(), 'signed on the token');
    assert.match(server.log().slice(before), /Accepted publickey for root from 127\.0\.0\.1 port \d+ ssh2: ECDSA SHA256:/);
  });
});
