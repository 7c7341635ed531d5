// `airlock backup keys list|add|remove|rekey` (electron/cli/cli-backup-keys.ts) as a cipher officer
// runs it: the real command (through tsx), the SoftHSM token through the token process, the test
// PKI's roots in the environment and its CRLs as --crl, a zone policy signed with openssl. The
// recovery certificate is a SOFTWARE stand-in's (only its certificate is used here).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { usbCliPlace } from '../../support/backup/cli-place.js';
import type { CliFolder } from '../../support/airlock-cli.js';
import { pemToDer } from '../../support/softhsm/test-pki.js';
import type { SoftHsmToken } from '../../support/softhsm-token.js';
import type { SoftwareRecipient } from '../../support/software-recipient.js';
import { teardownAfterSuite } from '../../support/teardown.js';

type Holders = { generation: number; holders: { fingerprint: string; role: string; you: boolean; required: boolean }[] };

describe('airlock backup keys list|add|remove|rekey: exit codes and --json (real token, signed policy, test PKI)', () => {
  const teardown = teardownAfterSuite();
  let token: SoftHsmToken;
  let cli: CliFolder;
  let policyPath: string;
  let usb: string;
  let recovery: SoftwareRecipient;
  let known: string;

  const common = (memory = '--known') => ['--policy', policyPath, '--zone', 'van-phong', '--target', 'usb', '--folder', usb, memory, known, ...cli.crlArgs, '--json'];
  const keys = (...words: string[]) => cli.run(['backup', 'keys', ...words, ...common()]);
  const holdersOf = (json: Record<string, unknown> | undefined) => json as unknown as Holders;

  before(async () => {
    ({ token, cli, policyPath, usb, recovery, known } = await usbCliPlace(teardown));
    const init = await cli.run(['backup', 'init', ...common('--new-known')]);
    assert.equal(init.code, 0, init.stderr);
  });

  it('lists, refuses a revoked certificate and the recovery certificate (exit 13), adds and removes a colleague, re-keys (exit 0); usage errors are exit 2', async () => {
    const listed = await keys('list');
    assert.equal(listed.code, 0, listed.stderr);
    assert.equal(listed.json?.['command'], 'backup keys list');
    assert.deepEqual(holdersOf(listed.json).holders.map((holder) => [holder.role, holder.you, holder.required]).sort(), [['recovery', false, true], ['user', true, false]]);

    const revoked = await keys('add', token.pki.paths.revokedLeafCert);
    assert.equal(revoked.code, 13, revoked.stderr);
    assert.deepEqual([revoked.json?.['problem'], revoked.json?.['certificateReason']], ['backup.holderCertificateInvalid', 'revoked']);

    const added = await keys('add', path.relative(process.cwd(), token.pki.paths.ecLeafCert));
    assert.equal(added.code, 0, added.stderr);
    const colleague = createHash('sha256').update(pemToDer(token.pki.ecLeafPem)).digest('hex');
    assert.equal(holdersOf(added.json).holders.find((holder) => holder.fingerprint === colleague)?.role, 'added');

    const recoveryFingerprint = createHash('sha256').update(recovery.certificateDer).digest('hex');
    const required = await keys('remove', recoveryFingerprint);
    assert.equal(required.code, 13, required.stderr);
    assert.equal(required.json?.['problem'], 'backup.holderRequired');

    const removed = await keys('remove', colleague.toUpperCase());
    assert.equal(removed.code, 0, removed.stderr);
    assert.equal(holdersOf(removed.json).holders.length, 2);

    const rekeyed = await keys('rekey');
    assert.equal(rekeyed.code, 0, rekeyed.stderr);
    assert.equal(holdersOf(rekeyed.json).generation, 2);

    for (const words of [['remove'], ['remove', 'abc'], ['add'], ['rotate']]) {
      const wrong = await keys(...words);
      assert.equal(wrong.code, 2, `${words.join(' ')}: ${wrong.stderr}`);
      assert.match(wrong.stderr, /keys rekey/, 'the usage names the keys commands');
    }
  });
});
