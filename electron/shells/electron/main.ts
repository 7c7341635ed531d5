// The only module that loads Electron at runtime. Run by the Electron binary, never by Node.
import { app, BrowserWindow, clipboard, dialog, ipcMain, Menu, protocol, session, utilityProcess } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startElectronShell } from './shell.js';

// Vietnamese first: native parts of the page (date pickers, spell-free inputs) follow this locale.
app.commandLine.appendSwitch('lang', 'vi');

// dist/electron/shells/electron/main.js -> dist/
const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

startElectronShell(
  { app, BrowserWindow, ipcMain, Menu, protocol, session, utilityProcess, clipboard, dialog },
  {
    rendererRoot: path.join(dist, 'renderer'),
    preloadPath: path.join(dist, 'bridge', 'preload.cjs'),
    tokenProcessEntry: path.join(dist, 'electron', 'token-process', 'entry.js'),
  },
).catch((error: unknown) => {
  process.stderr.write(`Airlock could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  app.exit(1);
});
