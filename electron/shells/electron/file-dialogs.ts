import type { BrowserWindow } from 'electron';
import type { FileDialogPort } from '../../core/documents/file-dialog.js';
import type { AppWindow, ElectronFacade } from './facade.js';

/** Electron's dialogs, modal to the live zone's window. */
export function electronFileDialogs(electron: Pick<ElectronFacade, 'dialog'>, window: () => AppWindow | undefined): FileDialogPort {
  // The live window is a BrowserWindow; the facade narrows it to what the glue uses.
  const parent = () => window() as BrowserWindow | undefined;
  return {
    chooseOpen: async (purpose) => {
      const options = { properties: ['openFile', 'dontAddToRecent'] as ('openFile' | 'dontAddToRecent')[], filters: purpose === 'container' ? [{ name: 'Airlock', extensions: ['alc'] }] : [] };
      const owner = parent();
      const result = owner === undefined ? await electron.dialog.showOpenDialog(options) : await electron.dialog.showOpenDialog(owner, options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    chooseSave: async (suggestedName) => {
      const options = { defaultPath: suggestedName, properties: ['showOverwriteConfirmation', 'dontAddToRecent'] as ('showOverwriteConfirmation' | 'dontAddToRecent')[] };
      const owner = parent();
      const result = owner === undefined ? await electron.dialog.showSaveDialog(options) : await electron.dialog.showSaveDialog(owner, options);
      return result.canceled || result.filePath === undefined ? null : result.filePath;
    },
  };
}
