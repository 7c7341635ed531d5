import type { BrowserWindow } from 'electron';
import type { FileDialogPort } from '../../core/documents/file-dialog.js';
import type { AppWindow, ElectronFacade } from './facade.js';

const OPEN_FILTERS: Readonly<Record<Parameters<FileDialogPort['chooseOpen']>[0], readonly { name: string; extensions: readonly string[] }[]>> = {
  container: [{ name: 'Airlock', extensions: ['alc'] }],
  plaintext: [],
  crl: [{ name: 'CRL', extensions: ['crl', 'pem', 'der'] }],
};

/** Electron's dialogs, modal to the live zone's window. */
export function electronFileDialogs(electron: Pick<ElectronFacade, 'dialog'>, window: () => AppWindow | undefined): FileDialogPort {
  // The live window is a BrowserWindow; the facade narrows it to what the glue uses.
  const parent = () => window() as BrowserWindow | undefined;
  return {
    chooseOpen: async (purpose) => {
      type Property = 'openFile' | 'multiSelections' | 'dontAddToRecent';
      const properties: Property[] = purpose === 'crl' ? ['openFile', 'multiSelections', 'dontAddToRecent'] : ['openFile', 'dontAddToRecent'];
      const options = { properties, filters: OPEN_FILTERS[purpose].map((filter) => ({ name: filter.name, extensions: [...filter.extensions] })) };
      const owner = parent();
      const result = owner === undefined ? await electron.dialog.showOpenDialog(options) : await electron.dialog.showOpenDialog(owner, options);
      return result.canceled ? [] : purpose === 'crl' ? result.filePaths : result.filePaths.slice(0, 1);
    },
    chooseSave: async (suggestedName) => {
      // No "replace?" question: main never overwrites (a taken name becomes "name (2)"), so saying yes would be a lie.
      const options = { defaultPath: suggestedName, properties: ['dontAddToRecent'] as 'dontAddToRecent'[] };
      const owner = parent();
      const result = owner === undefined ? await electron.dialog.showSaveDialog(options) : await electron.dialog.showSaveDialog(owner, options);
      return result.canceled || result.filePath === undefined ? null : result.filePath;
    },
  };
}
