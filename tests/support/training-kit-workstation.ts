// The training workstation `npm run training` makes, for the guided tour's e2e test: the real kit
// command run into a temp folder (its tokens, CA, stores, directory, inbox, zones; namespaces and
// the zone helper as root), the real core on its profile in the Chromium shell, as the app opens it.
// Made and opened apart: the tour's test makes the kit, then opens the app from a run of itself
// inside the kit's workstation namespace, as `npm run training` opens it (ip netns exec).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Core } from '../../electron/core/core.js';
import { loadTrainingProfile, type TrainingProfile } from '../../electron/core/training/training-profile.js';
import { workstationFromEnvironment } from '../../electron/platform/workstation-config.js';
import type { ChromiumShell } from '../../electron/shells/chromium/chromium-shell.js';
import { MESSAGING_ZONE, PRACTICE_RECEIPT_SUBJECT } from '../../tools/training-kit/training-messaging.js';
import { LAB_ZONES } from '../../tools/training-kit/zones/zone-lab.js';
import { PRACTICE_FOLDER } from '../../tools/training-kit/documents/practice-signing.js';
import { PRACTICE_PDF_NAME } from '../../shared/domain/tour.js';
import { launchApp } from './chromium-shell.js';
import type { TourWorkstation } from './guided-tour-run.js';
import { runTool } from './softhsm/run-tool.js';
import type { Teardown } from './teardown.js';
import { kit } from './training-kit-run.js';

/** The kit's inbox letter from the first official (inbox.ts: sender 0, plain text), opened in the tour. */
const RECEIVED = 'Thông báo lịch họp.alc';
const PROFILE = 'training.json';

export interface KitTrainingWorkstation {
  readonly ws: TourWorkstation;
  readonly core: Core;
  readonly shell: ChromiumShell;
  /** The kit's folder and its profile. */
  readonly home: string;
  readonly profile: TrainingProfile;
  /** The colleague's RSA certificate as the kit's directory holds it (DER). */
  readonly colleagueCertificate: string;
  /** The workstation's zone interfaces that are up, inside the kit's namespace (root only). */
  upZoneLinks(): Promise<string[]>;
  /** The interface of a zone of the kit's policy. */
  zoneInterface(id: string): string;
  /** Closes the app (window, core, helper); the teardown does it too if the test never gets there. */
  close(): Promise<void>;
}

/** `npm run training` into a temp folder, its `--down` registered first so a failed start leaves nothing; the app is not opened. */
export async function makeKitHome(teardown: Teardown): Promise<{ readonly home: string; readonly profile: TrainingProfile }> {
  const home = await teardown.tempDir('airlock-training-tour-');
  teardown.defer(() => kit(['--dir', home, '--down']));
  const made = await kit(['--dir', home, '--no-open', '--no-build']);
  if (made.code !== 0) throw new Error(`npm run training exited ${String(made.code)}: ${made.stderr}`);
  return { home, profile: loadTrainingProfile(path.join(home, PROFILE)) };
}

/**
 * The app on the profile of a kit made already (by this process or the one that re-ran this one
 * inside the kit's workstation namespace, so the cipher network's server is in reach).
 */
export async function openKitWorkstation(teardown: Teardown, home: string): Promise<KitTrainingWorkstation> {
  const profilePath = path.join(home, PROFILE);
  const profile = loadTrainingProfile(profilePath);
  // As `npm run training` opens the app: the workstation from the environment, with the kit's helper (root).
  const workstation = workstationFromEnvironment({ AIRLOCK_TRAINING_PROFILE: profilePath }, { dataDir: '/nonexistent-real-workstation', packagedLinux: false });
  let app: { shell: ChromiumShell; core: Core } | undefined;
  const closeApp = async (): Promise<void> => {
    await app?.shell.close();
    app?.core.stop();
    workstation.zones.helper?.stop();
    app = undefined;
  };
  teardown.defer(closeApp);
  app = await launchApp(undefined, { workstation });
  const { shell, core } = app;

  const [trainee, colleague] = profile.officials;
  if (trainee === undefined || colleague === undefined) throw new Error('the kit made fewer than two officials');
  const source = path.join(home, 'Giấy mời họp.txt');
  await writeFile(source, 'Kính mời đồng chí dự họp giao ban sáng thứ Hai.\n');
  const policyName = (id: string): Record<'vi' | 'en', string> => {
    const zone = core.services.zones.overview().zones.find((entry) => entry.id === id);
    if (zone === undefined) throw new Error(`the kit's policy has no zone ${id}`);
    return zone.name;
  };
  const ws: TourWorkstation = {
    page: shell.page,
    pin: trainee.pin,
    tokenLabel: trainee.tokenLabel,
    received: () => Promise.resolve({ path: path.join(profile.inboxDir, RECEIVED), signer: trainee.name }),
    // Already in the kit's directory: nothing to add.
    colleague: { name: colleague.name },
    toEncrypt: { source, output: `${source}.alc` },
    // Written by the kit itself, as a trainee finds it.
    toSign: path.join(home, PRACTICE_FOLDER, PRACTICE_PDF_NAME),
    homeZoneName: policyName('internet'),
    officeLanName: policyName('van-phong'),
    messaging: { zoneName: policyName(MESSAGING_ZONE), subject: PRACTICE_RECEIPT_SUBJECT },
  };
  const netns = profile.zones.netns;
  return {
    ws,
    core,
    shell,
    home,
    profile,
    // issueOfficialCertificates: pki/officials/<n>-rsa.der, n from 1 in the cast's order.
    colleagueCertificate: path.join(home, 'pki', 'officials', '2-rsa.der'),
    upZoneLinks: async () => {
      if (netns === undefined) throw new Error('the kit made no namespaces (not root)');
      const links = JSON.parse((await runTool('ip', ['-n', netns, '-j', 'link', 'show'], {})).stdout) as { ifname: string; flags: string[] }[];
      const zoneLinks = new Set<string>(LAB_ZONES.map((zone) => zone.interface));
      return links.filter((link) => zoneLinks.has(link.ifname) && link.flags.includes('UP')).map((link) => link.ifname);
    },
    zoneInterface: (id) => {
      const zone = LAB_ZONES.find((entry) => entry.id === id);
      if (zone === undefined) throw new Error(id);
      return zone.interface;
    },
    close: closeApp,
  };
}
