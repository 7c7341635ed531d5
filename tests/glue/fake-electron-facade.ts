// A FAKE Electron facade: the Electron binary cannot run here, so the glue is driven through the
// same narrow interface main.ts passes the real module into, and every call is recorded.
import type { ElectronFacade } from '../../electron/shells/electron/facade.js';

type Handler = (...args: unknown[]) => unknown;

export class FakeEvent {
  prevented = false;
  preventDefault(): void {
    this.prevented = true;
  }
}

class Emitter {
  readonly handlers = new Map<string, Handler[]>();
  on(name: string, handler: Handler): this {
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), handler]);
    return this;
  }
  once(name: string, handler: Handler): this {
    return this.on(name, handler);
  }
  fire(name: string, ...args: unknown[]): void {
    for (const handler of this.handlers.get(name) ?? []) handler(...args);
  }
}

export class FakeFrame {
  parent: FakeFrame | null = null;
  constructor(public url: string) {}
}

export class FakeWebContents extends Emitter {
  readonly mainFrame = new FakeFrame('app://airlock/index.html');
  windowOpenHandler: Handler | undefined;
  webRtcPolicy: string | undefined;
  devToolsClosed = 0;
  readonly sent: unknown[][] = [];
  setWindowOpenHandler(handler: Handler): void {
    this.windowOpenHandler = handler;
  }
  closeDevTools(): void {
    this.devToolsClosed++;
  }
  setWebRTCIPHandlingPolicy(policy: string): void {
    this.webRtcPolicy = policy;
  }
  send(...args: unknown[]): void {
    this.sent.push(args);
  }
  isDestroyed(): boolean {
    return false;
  }
}

export class FakeSession extends Emitter {
  permissionRequest: Handler | undefined;
  permissionCheck: Handler | undefined;
  devicePermission: Handler | undefined;
  beforeRequest: Handler | undefined;
  readonly protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  readonly webRequest = { onBeforeRequest: (handler: Handler) => (this.beforeRequest = handler) };
  readonly protocol = { handle: (scheme: string, handler: (request: Request) => Promise<Response>) => this.protocolHandlers.set(scheme, handler) };
  setPermissionRequestHandler(handler: Handler): void {
    this.permissionRequest = handler;
  }
  setPermissionCheckHandler(handler: Handler): void {
    this.permissionCheck = handler;
  }
  setDevicePermissionHandler(handler: Handler): void {
    this.devicePermission = handler;
  }
  proxy: unknown;
  setProxy(config: unknown): Promise<void> {
    this.proxy = config;
    return Promise.resolve();
  }
  readonly cleared: string[] = [];
  clearStorageData(): Promise<void> {
    this.cleared.push('storage');
    return Promise.resolve();
  }
  clearCache(): Promise<void> {
    this.cleared.push('cache');
    return Promise.resolve();
  }
  closeAllConnections(): Promise<void> {
    this.cleared.push('connections');
    return Promise.resolve();
  }
}

export function fakeElectronFacade(options: { singleInstance?: boolean; isPackaged?: boolean } = {}) {
  const windows: FakeBrowserWindow[] = [];
  const ipcHandlers = new Map<string, Handler>();
  const session = new FakeSession();
  const partitions = new Map<string, FakeSession>();
  const recorded = { quit: 0, schemes: [] as unknown[], menus: [] as unknown[], dialogs: [] as unknown[][], utilityForks: [] as { modulePath: string; args: string[]; options: unknown }[] };

  class FakeBrowserWindow extends Emitter {
    readonly webContents = new FakeWebContents();
    readonly loaded: string[] = [];
    constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
      super();
      windows.push(this);
    }
    loadURL(url: string): Promise<void> {
      this.loaded.push(url);
      return Promise.resolve();
    }
    show(): void {}
    focus(): void {}
    isMinimized(): boolean {
      return false;
    }
    restore(): void {}
    destroyed = false;
    isDestroyed(): boolean {
      return this.destroyed;
    }
    destroy(): void {
      this.destroyed = true;
    }
  }

  const app = new (class extends Emitter {
    readonly isPackaged = options.isPackaged ?? true;
    readonly switches: [string, string | undefined][] = [];
    readonly commandLine = { appendSwitch: (name: string, value?: string) => void this.switches.push([name, value]) };
    requestSingleInstanceLock(): boolean {
      return options.singleInstance ?? true;
    }
    quit(): void {
      recorded.quit++;
    }
    whenReady(): Promise<void> {
      return Promise.resolve();
    }
    getVersion(): string {
      return '9.9.9';
    }
    getPath(name: string): string {
      return `/nonexistent/airlock-fake/${name}`;
    }
  })();

  const facade = {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: { handle: (channel: string, handler: Handler) => ipcHandlers.set(channel, handler) },
    protocol: { registerSchemesAsPrivileged: (schemes: unknown[]) => recorded.schemes.push(...schemes) },
    session: {
      defaultSession: session,
      fromPartition: (name: string) => {
        const existing = partitions.get(name) ?? new FakeSession();
        partitions.set(name, existing);
        return existing;
      },
    },
    clipboard: { clear: () => undefined },
    dialog: {
      showOpenDialog: (...args: unknown[]) => {
        recorded.dialogs.push(args);
        // Several files when the glue asks for several (CRLs), as the real dialog with multiSelections.
        const several = JSON.stringify(args).includes('multiSelections');
        return Promise.resolve({ canceled: false, filePaths: several ? ['/media/usb/root.crl', '/media/usb/issuing.crl'] : ['/home/official/Documents/received.alc'] });
      },
      showSaveDialog: (...args: unknown[]) => {
        recorded.dialogs.push(args);
        return Promise.resolve({ canceled: true, filePath: undefined });
      },
    },
    Menu: { setApplicationMenu: (menu: unknown) => recorded.menus.push(menu) },
    // The token utility process fails to start here: the glue must still bring up the (locked) window.
    utilityProcess: {
      fork: (modulePath: string, args: string[], options: unknown) => {
        recorded.utilityForks.push({ modulePath, args, options });
        const child = new Emitter();
        setImmediate(() => child.fire('exit', 1));
        return Object.assign(child, { pid: undefined, postMessage: () => undefined, kill: () => true });
      },
    },
  } as unknown as ElectronFacade;

  return { facade, app, windows, ipcHandlers, session, partitions, recorded };
}
