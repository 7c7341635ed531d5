// Pictures of every screen of the guided tour, in Vietnamese and English, for the docs.
// Run (as root, after `npm run build`): npm run training:screenshots -- [--out <folder>] [--size 1366x768]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LANGUAGES, type Language } from '../shared/domain/language.js';
import { translate } from '../renderer/src/i18n/catalog.js';
import { runGuidedTour } from '../tests/support/guided-tour-run.js';
import { Teardown } from '../tests/support/teardown.js';
import { makeKitHome, openKitWorkstation } from '../tests/support/training-kit-workstation.js';

const HELP = `Usage: npm run training:screenshots -- [--out <folder>] [--size <width>x<height>] [--language vi|en]

Runs the training workstation's guided tour headless in the Chromium shell, once in Vietnamese and
once in English, each on a fresh workstation made by "npm run training" (its SoftHSM tokens, real
containers, the zone helper on network namespaces, its messaging server on the cipher network: root
is needed), the app inside the workstation's namespace as "npm run training" opens it, and writes a
PNG of every screen the tour shows, then of each screen of the navigation, to <folder>/vi and
<folder>/en (default test-artifacts/training-screenshots); --language: that one only. On a failed
step, <folder>/<language>/failed.png shows where it stood.
Needs "npm run build" first. Exit status: 0 written, 1 a step failed, 2 usage.`;

const SCREENS = ['messages', 'documents', 'zones', 'token', 'audit'] as const;
/** Set on the run of this command inside the kit's workstation namespace: what to shoot and where. */
const INSIDE = 'AIRLOCK_TRAINING_SCREENSHOTS_INSIDE';

interface InsideRun {
  readonly home: string;
  readonly language: Language;
  readonly folder: string;
  readonly viewport: { readonly width: number; readonly height: number };
}

/**
 * A fresh kit workstation for one language, this command run again inside its workstation
 * namespace (so the app reaches the cipher network's messaging server only from that zone), then
 * `--down`: whatever the kit made is undone at the end, also after a failed start.
 */
async function shootLanguage(language: Language, folder: string, viewport: { width: number; height: number }): Promise<number> {
  const teardown = new Teardown();
  try {
    const { home, profile } = await makeKitHome(teardown);
    if (profile.zones.netns === undefined) throw new Error('npm run training made no workstation namespace (root is needed)');
    const run: InsideRun = { home, language, folder, viewport };
    const child = teardown.process(
      spawn('ip', ['netns', 'exec', profile.zones.netns, process.execPath, '--import', 'tsx', import.meta.filename], { env: { ...process.env, [INSIDE]: JSON.stringify(run) }, stdio: ['ignore', 'pipe', 'inherit'] }),
    );
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`the run inside ${profile.zones.netns} exited ${String(code)}`);
    return (JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as { written?: number }).written ?? 0;
  } finally {
    await teardown.run();
  }
}

/** Inside the kit's workstation namespace: the app on the kit's profile, the tour, then the navigation's screens. */
async function shootInside({ home, language, folder, viewport }: InsideRun): Promise<string[]> {
  const written: string[] = [];
  const teardown = new Teardown();
  try {
    const workstation = await openKitWorkstation(teardown, home);
    const { page } = workstation.ws;
    await page.setViewportSize(viewport);
    await mkdir(folder, { recursive: true });
    const shoot = async (name: string) => {
      const file = path.join(folder, `${name}.png`);
      await page.screenshot({ path: file });
      written.push(file);
    };
    if (language !== 'vi') {
      await page.getByRole('button', { name: 'English', exact: true }).click();
      await page.waitForFunction((lang) => document.documentElement.lang === lang, language);
    }
    // A failed step leaves a picture of where it stood, for whoever reads the error.
    await runGuidedTour(workstation.ws, language, { screen: shoot }).catch(async (error: unknown) => {
      await page.screenshot({ path: path.join(folder, 'failed.png') }).catch(() => undefined);
      throw error;
    });
    // Every screen of the navigation, the guide hidden to its one line.
    await page.getByRole('button', { name: translate(language, 'training.tour.hide') }).click();
    for (const [index, screen] of SCREENS.entries()) {
      const name = translate(language, `screen.${screen}.name`);
      await page.getByRole('navigation', { name: translate(language, 'nav.label') }).getByRole('button', { name, exact: true }).click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
      await shoot(`${String(12 + index).padStart(2, '0')}-screen-${screen}`);
    }
  } finally {
    await teardown.run();
  }
  return written;
}

async function main(): Promise<number> {
  const inside = process.env[INSIDE];
  if (inside !== undefined) {
    const written = await shootInside(JSON.parse(inside) as InsideRun);
    console.log(JSON.stringify({ written: written.length }));
    return 0;
  }
  let options;
  try {
    options = parseArgs({ options: { out: { type: 'string' }, size: { type: 'string' }, language: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }).values;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  if (options.help === true) {
    console.log(HELP);
    return 0;
  }
  const size = /^(\d{3,4})x(\d{3,4})$/.exec(options.size ?? '1366x768');
  if (size === null) {
    console.error(`--size takes <width>x<height>, e.g. 1366x768\n\n${HELP}`);
    return 2;
  }
  if (process.getuid?.() !== 0) {
    console.error('Cần quyền root: các vùng mạng của máy tập huấn là network namespace thật.\nRoot is needed: the training workstation’s zones are real network namespaces.');
    return 2;
  }
  const out = path.resolve(options.out ?? 'test-artifacts/training-screenshots');
  const languages = options.language === undefined ? LANGUAGES : LANGUAGES.filter((language) => language === options.language);
  if (languages.length === 0) {
    console.error(`--language takes one of ${LANGUAGES.join(', ')}\n\n${HELP}`);
    return 2;
  }
  for (const language of languages) {
    const written = await shootLanguage(language, path.join(out, language), { width: Number(size[1]), height: Number(size[2]) });
    console.log(`${language}: ${String(written)} screenshots in ${path.join(out, language)}`);
  }
  return 0;
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return 1;
});
