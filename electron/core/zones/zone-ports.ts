import type { ZoneId } from '../../../shared/domain/zone.js';

/**
 * What leaving a zone asks of the shell: the clipboard emptied, and the renderer moved to the
 * next zone's in-memory session partition (the old one's storage, cache and sockets destroyed).
 * Electron does this with `clipboard` and `session.fromPartition`; without a shell, nothing.
 */
export interface ZoneShellPort {
  clearClipboard(): void | Promise<void>;
  /** null: no zone (a neutral partition). */
  enterPartition(zone: ZoneId | null): void | Promise<void>;
}

/** Connections a service holds inside a zone (messaging, backup targets): closed before the network goes. */
export interface ZoneBoundResource {
  readonly name: string;
  close(): void | Promise<void>;
}

export const noShell: ZoneShellPort = { clearClipboard: () => undefined, enterPartition: () => undefined };
