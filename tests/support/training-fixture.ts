// A training workstation made of the test fixtures, for the guided tour's e2e test and
// `npm run training:screenshots`: the SoftHSM test token (Nguyễn Văn An's RSA and Trần Thị Bình's
// EC certificate), the zone lab's signed policy and helper (root), a training profile for them,
// the real core in the Chromium shell. `npm run training` will make the same from its kit; the
// tour run (guided-tour-run.ts) does not change.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Core } from '../../electron/core/core.js';
import { encryptContainer } from '../../electron/core/documents/container-writer.js';
import type { ZoneHelperSupervisor } from '../../electron/core/zones/helper-supervisor.js';
import type { ChromiumShell } from '../../electron/shells/chromium/chromium-shell.js';
import { launchApp } from './chromium-shell.js';
import type { TourWorkstation } from './guided-tour-run.js';
import { createSoftHsmToken, type SoftHsmToken } from './softhsm-token.js';
import { importTestCrls, pemToDer } from './softhsm/test-pki.js';
import { tokenKeyPair } from './token-core.js';
import { trainingProfileFor } from './training-profile.js';
import { createZoneLab, type ZoneLab } from './zone-lab.js';
import { helperSetup, labPolicy, writeSignedPolicy } from './zone-policy.js';

export interface FixtureTrainingWorkstation {
  readonly ws: TourWorkstation;
  readonly core: Core;
  readonly shell: ChromiumShell;
  readonly hsm: SoftHsmToken;
  readonly lab: ZoneLab;
  /** Closes the browser, stops the core and the helper, removes the token, the namespaces and the folder; safe after a failed start. */
  cleanup(): Promise<void>;
}

export async function fixtureTrainingWorkstation(): Promise<FixtureTrainingWorkstation> {
  const made: { hsm?: SoftHsmToken; lab?: ZoneLab; dir?: string; helper?: ZoneHelperSupervisor; shell?: ChromiumShell; core?: Core } = {};
  const cleanup = async (): Promise<void> => {
    await made.shell?.close();
    made.core?.stop();
    made.helper?.stop();
    await Promise.all([made.hsm?.cleanup(), made.lab?.cleanup(), made.dir === undefined ? undefined : rm(made.dir, { recursive: true, force: true })]);
  };
  try {
    const [hsm, lab] = await Promise.all([(made.hsm = await createSoftHsmToken({ label: 'Tap huan Nguyen Van An' })), (made.lab = await createZoneLab())]);
    const dir = (made.dir = await mkdtemp(path.join(tmpdir(), 'airlock-training-fixture-')));
    const setup = await helperSetup(hsm, lab, dir);
    await writeSignedPolicy(hsm, setup.policyPath, labPolicy(lab));
    const helper = (made.helper = setup.supervise({}));
    const profile = trainingProfileFor(hsm, dir);
    const { shell, core } = await launchApp(hsm, { zones: { policyPath: setup.policyPath, helper }, training: profile });
    made.shell = shell;
    made.core = core;
    await importTestCrls(core.services.crls, hsm.pki);
    await core.services.zones.reloadPolicy();
    await mkdir(profile.inboxDir, { recursive: true });
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
      toEncrypt: { source, output: path.join(dir, 'giay-moi.alc') },
      homeZoneName: { vi: 'Mạng Internet', en: 'Internet' },
      officeLanName: { vi: 'Mạng nội bộ cơ quan', en: 'Office LAN' },
    };
    return { ws, core, shell, hsm, lab, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
