// A training workstation made of the test fixtures, for the guided tour's e2e test and
// `npm run training:screenshots`: the SoftHSM test token (Nguyễn Văn An's RSA and Trần Thị Bình's
// EC certificate), the zone lab's signed policy and helper (root), a training profile for them,
// the real core in the Chromium shell. `npm run training` will make the same from its kit; the
// tour run (guided-tour-run.ts) does not change.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Core } from '../../electron/core/core.js';
import { encryptContainer } from '../../electron/core/documents/container-writer.js';
import type { ChromiumShell } from '../../electron/shells/chromium/chromium-shell.js';
import { launchApp } from './chromium-shell.js';
import type { TourWorkstation } from './guided-tour-run.js';
import { createSoftHsmToken, type SoftHsmToken } from './softhsm-token.js';
import { importTestCrls, pemToDer } from './softhsm/test-pki.js';
import { tokenKeyPair } from './token-core.js';
import { trainingProfileFor } from './training-profile.js';
import { createZoneLab, type ZoneLab } from './zone-lab.js';
import { helperSetup, labPolicy, writeSignedPolicy } from './zone-policy.js';
import type { Teardown } from './teardown.js';

export interface FixtureTrainingWorkstation {
  readonly ws: TourWorkstation;
  readonly core: Core;
  readonly shell: ChromiumShell;
  readonly hsm: SoftHsmToken;
  readonly lab: ZoneLab;
}

/** Everything it makes is registered with `teardown` the moment it exists, so a failed start leaves nothing either. */
export async function fixtureTrainingWorkstation(teardown: Teardown): Promise<FixtureTrainingWorkstation> {
  const [hsm, lab, dir] = await Promise.all([teardown.fixture(createSoftHsmToken({ label: 'Tap huan Nguyen Van An' })), teardown.fixture(createZoneLab()), teardown.tempDir('airlock-training-fixture-')]);
  const setup = await helperSetup(hsm, lab, dir);
  await writeSignedPolicy(hsm, setup.policyPath, labPolicy(lab));
  const helper = setup.supervise({});
  teardown.defer(() => helper.stop());
  // As root with the zone lab's helper: switching is on, as `npm run training` makes it as root.
  const base = trainingProfileFor(hsm, dir);
  const profile = { ...base, zones: { ...base.zones, policy: setup.policyPath, switching: 'available' as const } };
  await mkdir(profile.inboxDir, { recursive: true });
  const { shell, core } = await teardown.adopt(launchApp(hsm, { zones: { policyPath: setup.policyPath, helper }, training: profile, documentFolders: { inbox: profile.inboxDir, exports: dir } }), (app) => app.close());
  await importTestCrls(core.services.crls, hsm.pki);
  await core.services.zones.reloadPolicy();
  const source = path.join(dir, 'Giấy mời họp.txt');
  await writeFile(source, 'Kính mời đồng chí dự họp giao ban sáng thứ Hai.\n');
  const ws: TourWorkstation = {
    page: shell.page,
    pin: hsm.userPin,
    // A colleague's letter: encrypted to the trainee's RSA certificate, signed with Trần Thị Bình's EC key (the token is logged in by then).
    received: async () => {
      const { rsa, ec } = await tokenKeyPair(core, hsm);
      const file = path.join(profile.inboxDir, 'cong-van-den.alc');
      await encryptContainer({
        source: Readable.from([Buffer.from('Kính gửi: Văn phòng. Lịch tiếp công dân tháng 12.\n')]),
        output: file,
        label: { level: 'unclassified', caveats: [], originator: 'Văn phòng Tỉnh uỷ', date: '2026-12-01', declassifyOn: null },
        metadata: { fileName: 'Lịch tiếp dân.txt', mediaType: 'text/plain; charset=utf-8' },
        recipients: [rsa.certificateDer],
        signer: ec.signer,
        chain: [new Uint8Array(pemToDer(hsm.pki.intermediatePem))],
      });
      return { path: file, signer: hsm.pki.subjects.ecLeaf.CN };
    },
    colleague: { certificate: hsm.pki.paths.ecLeafCert, name: hsm.pki.subjects.ecLeaf.CN },
    // The screen proposes "<name>.alc" beside the file.
    toEncrypt: { source, output: `${source}.alc` },
    homeZoneName: { vi: 'Mạng Internet', en: 'Internet' },
    officeLanName: { vi: 'Mạng nội bộ cơ quan', en: 'Office LAN' },
  };
  return { ws, core, shell, hsm, lab };
}
