import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Core } from '../../electron/core/core.js';
import type { ChromiumShell } from '../../electron/shells/chromium/chromium-shell.js';
import type { Language } from '../../shared/domain/language.js';
import { translate } from '../../renderer/src/i18n/catalog.js';
import { launchApp } from './chromium-shell.js';
import { unlockOnLockScreen } from './lock-screen.js';
import { trustingNssDb } from './signing-jobs.js';
import { importTestCrls } from './softhsm/test-pki.js';
import type { SoftHsmToken } from './softhsm-token.js';
import { textPdf } from './text-pdf.js';

export interface SigningApp {
  shell: ChromiumShell;
  core: Core;
  page: Page;
  /** "văn bản" in the token's folder, holding the one PDF given. */
  folder: string;
  /** An NSS database trusting the test root, for pdfsig. */
  nssDir: string;
  /** Opens the Sign documents screen from the navigation. */
  openScreen(language: Language): Promise<void>;
  /** The browser's chooser behind the button named, opened from the keyboard (Space on the focused button), answered with the real file (main reads the path, never the bytes). */
  choose(button: string, file: string): Promise<void>;
}

/**
 * The app in the Chromium shell for the Sign documents screen's e2e tests: the test PKI's CRLs, the
 * PDF `pdf.name` (text pages `pdf.pages`) in the folder, unlocked on the lock screen in Vietnamese.
 */
export async function launchSigningApp(token: SoftHsmToken, pdf: { name: string; pages: string[][] }): Promise<SigningApp> {
  const { shell, core } = await launchApp(token);
  const page = shell.page;
  const folder = path.join(token.dir, 'văn bản');
  const nssDir = path.join(token.dir, 'nss');
  try {
    await importTestCrls(core.services.crls, token.pki);
    await mkdir(folder);
    await writeFile(path.join(folder, pdf.name), textPdf(pdf.pages));
    await trustingNssDb(nssDir, token.pki.paths.rootCert);
    await unlockOnLockScreen(page, token.userPin);
  } catch (error) {
    // The caller never gets the shell to close: a setup that fails here leaves no browser or core behind.
    await shell.close();
    core.stop();
    throw error;
  }
  return {
    shell,
    core,
    page,
    folder,
    nssDir,
    openScreen: async (language) => {
      await page.getByRole('navigation', { name: translate(language, 'nav.label') }).getByRole('button', { name: translate(language, 'screen.signing.name'), exact: true }).click();
      await page.getByRole('heading', { level: 1, name: translate(language, 'screen.signing.name') }).waitFor();
    },
    choose: async (button, file) => {
      await page.getByRole('button', { name: button }).focus();
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
      await chooser.setFiles(file);
    },
  };
}
