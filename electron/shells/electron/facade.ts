import type { App, BrowserWindow, BrowserWindowConstructorOptions, Clipboard, Dialog, IpcMain, Menu, Protocol, Session, utilityProcess } from 'electron';

/**
 * The parts of Electron the glue uses, and nothing more. main.ts passes the real module;
 * tests pass a facade that records calls, so the glue is tested without the Electron binary.
 */
export interface ElectronFacade {
  readonly app: Pick<App, 'requestSingleInstanceLock' | 'quit' | 'whenReady' | 'on' | 'isPackaged' | 'getVersion' | 'getPath' | 'commandLine'>;
  readonly BrowserWindow: new (options: BrowserWindowConstructorOptions) => AppWindow;
  readonly ipcMain: Pick<IpcMain, 'handle'>;
  readonly protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>;
  readonly session: { readonly defaultSession: Session; fromPartition(partition: string, options?: { cache: boolean }): Session };
  readonly Menu: Pick<typeof Menu, 'setApplicationMenu'>;
  readonly utilityProcess: Pick<typeof utilityProcess, 'fork'>;
  /** Emptied when a zone is left: nothing copied in one zone can be pasted in the next. */
  readonly clipboard: Pick<Clipboard, 'clear'>;
  /** Native open/save dialogs: the only way a file path reaches the app from the user. */
  readonly dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>;
}

export type AppWindow = Pick<BrowserWindow, 'webContents' | 'loadURL' | 'once' | 'show' | 'focus' | 'isMinimized' | 'restore' | 'isDestroyed' | 'destroy'>;
