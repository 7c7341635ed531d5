import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { CrlCache } from '../../../electron/core/certificates/revocation.js';
import { TrustAnchors } from '../../../electron/core/certificates/trust-anchors.js';
import { loadZonePolicy, policyFiles, type PolicyTrust } from '../../../electron/core/zones/policy-loader.js';
import { FileCrlStore } from '../../../electron/platform/file-crl-store.js';
import { createSoftHsmToken, type SoftHsmToken } from '../../support/softhsm-token.js';
import { teardownAfterSuite } from '../../support/teardown.js';
import { createZoneLab, type ZoneLab } from '../../support/zone-lab.js';
import { labPolicy, writeCrls, writeSignedPolicy } from '../../support/zone-policy.js';

describe('zone policy: signed by an administrator, checked before anything is read from it (real openssl signatures)', () => {
  let token: SoftHsmToken;
  let lab: ZoneLab;
  let dir: string;
  let trust: PolicyTrust;
  let file: string;
  const teardown = teardownAfterSuite();

  before(async () => {
    [token, lab, dir] = await Promise.all([teardown.fixture(createSoftHsmToken()), teardown.fixture(createZoneLab()), teardown.tempDir('airlock-policy-')]);
    await writeCrls(token, path.join(dir, 'crls'));
    trust = { anchors: TrustAnchors.load([token.pki.rootPem]), intermediates: [], crls: new CrlCache(new FileCrlStore(path.join(dir, 'crls'))), now: () => new Date() };
    file = path.join(dir, 'zones.policy.json');
  });

  it('accepts a policy signed with ECDSA by a policy administrator, names the signer', async () => {
    await writeSignedPolicy(token, file, labPolicy(lab));
    const load = await loadZonePolicy(file, trust);
    assert.ok(load.ok, JSON.stringify(load));
    assert.equal(load.policy.zones.length, 3);
    assert.match(load.signer, /Quản trị chính sách vùng/);
  });

  it('accepts RSA-PSS (SHA-256, 32-byte salt) from an RSA administrator', async () => {
    await writeSignedPolicy(token, file, labPolicy(lab), 'adminRsa');
    const load = await loadZonePolicy(file, trust);
    assert.ok(load.ok, JSON.stringify(load));
  });

  it('refuses a missing policy, a missing signature and a missing chain, each by name', async () => {
    assert.deepEqual(await reason(path.join(dir, 'absent.json')), 'missing');
    await writeSignedPolicy(token, file, labPolicy(lab));
    await unlink(policyFiles(file).signature);
    assert.equal(await reason(file), 'unsigned');
    await writeSignedPolicy(token, file, labPolicy(lab));
    await unlink(policyFiles(file).chain);
    assert.equal(await reason(file), 'unsigned');
  });

  it('refuses a policy changed after signing, by one byte, as a bad signature (not parsed at all)', async () => {
    await writeSignedPolicy(token, file, labPolicy(lab));
    const bytes = await readFile(file);
    const tampered = Buffer.from(bytes.toString('utf8').replace('"coolDownSeconds": 0', '"coolDownSeconds": 1'));
    assert.notDeepEqual(tampered, bytes);
    await writeFile(file, tampered);
    assert.equal(await reason(file), 'badSignature');
    // Garbage that is not even JSON is also a bad signature first.
    await writeFile(file, '{not json');
    assert.equal(await reason(file), 'badSignature');
  });

  it('refuses a signer without the policy-signing key usage, and one whose chain does not validate', async () => {
    await writeSignedPolicy(token, file, labPolicy(lab), 'notAdmin');
    assert.equal(await reason(file), 'signerNotAuthorised');
    await writeSignedPolicy(token, file, labPolicy(lab));
    const other = { ...trust, anchors: TrustAnchors.load([token.pki.unknownRootPem]) };
    const load = await loadZonePolicy(file, other);
    assert.equal(load.ok ? 'loaded' : load.reason, 'signerInvalid');
  });

  it('says a revocation list is needed, not that the signer is invalid, when the CRL store holds none for its chain (#13)', async () => {
    await writeSignedPolicy(token, file, labPolicy(lab));
    const empty = await mkdtemp(path.join(tmpdir(), 'airlock-nocrl-'));
    try {
      const noCrl = { ...trust, crls: new CrlCache(new FileCrlStore(empty)) };
      const load = await loadZonePolicy(file, noCrl);
      assert.equal(load.ok ? 'loaded' : load.reason, 'crlNeeded');
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('refuses an expired policy, one not yet valid, a malformed one that is validly signed, and a rollback', async () => {
    await writeSignedPolicy(token, file, labPolicy(lab, (policy) => (policy.validUntil = new Date(Date.now() - 1000).toISOString())));
    assert.equal(await reason(file), 'expired');
    await writeSignedPolicy(token, file, labPolicy(lab, (policy) => (policy.issuedAt = new Date(Date.now() + 3_600_000).toISOString())));
    assert.equal(await reason(file), 'notYetValid');
    await writeSignedPolicy(token, file, labPolicy(lab, (policy) => (policy.zones = [...(policy.zones as object[]), ...(policy.zones as object[]).slice(0, 1)])));
    assert.equal(await reason(file), 'malformed');
    await writeSignedPolicy(token, file, labPolicy(lab, (policy) => (policy.serial = 4)));
    const load = await loadZonePolicy(file, { ...trust, minimumSerial: 5 });
    assert.equal(load.ok ? 'loaded' : load.reason, 'rolledBack');
  });

  async function reason(policyPath: string): Promise<string> {
    const load = await loadZonePolicy(policyPath, trust);
    return load.ok ? 'loaded' : load.reason;
  }
});
