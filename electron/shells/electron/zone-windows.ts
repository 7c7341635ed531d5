import type { Session } from 'electron';
import type { ZoneId } from '../../../shared/domain/zone.js';
import type { ZoneShellPort } from '../../core/zones/zone-ports.js';
import { serveAppScheme } from './app-protocol.js';
import type { AppWindow, ElectronFacade } from './facade.js';
import { hardenSession } from './hardening.js';
import { createMainWindow } from './window.js';

/** In-memory partition (no "persist:" prefix): nothing of a zone's renderer ever reaches the disk. */
export function zonePartition(zone: ZoneId | null): string {
  return `zone-${zone ?? 'none'}`;
}

export interface ZoneWindowOptions {
  readonly preloadPath: string;
  readonly rendererRoot: string;
  readonly isPackaged: boolean;
  readonly appOrigin: string;
}

/**
 * One window per zone, each in its own in-memory session partition. Entering a zone opens the
 * new window first (hardened session, app scheme served) and then destroys the old one and wipes
 * its partition: storage, cache and open connections. A renderer never outlives its zone.
 */
export class ZoneWindows implements ZoneShellPort {
  #window: AppWindow;
  #session: Session;
  #zone: ZoneId | null = null;

  constructor(
    private readonly electron: Pick<ElectronFacade, 'BrowserWindow' | 'session' | 'clipboard'>,
    private readonly options: ZoneWindowOptions,
  ) {
    [this.#window, this.#session] = this.#open(null);
  }

  get window(): AppWindow {
    return this.#window;
  }

  clearClipboard(): void {
    this.electron.clipboard.clear();
  }

  async enterPartition(zone: ZoneId | null): Promise<void> {
    if (zone === this.#zone && !this.#window.isDestroyed()) return;
    const [oldWindow, oldSession] = [this.#window, this.#session];
    [this.#window, this.#session] = this.#open(zone);
    this.#zone = zone;
    if (!oldWindow.isDestroyed()) oldWindow.destroy();
    await oldSession.clearStorageData();
    await oldSession.clearCache();
    await oldSession.closeAllConnections();
  }

  #open(zone: ZoneId | null): [AppWindow, Session] {
    const session = this.electron.session.fromPartition(zonePartition(zone), { cache: false });
    hardenSession(session, this.options.appOrigin);
    serveAppScheme(session, this.options.rendererRoot);
    const window = createMainWindow(this.electron, { ...this.options, session });
    return [window, session];
  }
}
