/**
 * The shell's native file dialogs: the renderer never reads the disk, it asks main, which asks
 * the user. Electron implements it with `dialog`; a shell without one (the Chromium development
 * shell) has none: there the renderer clicks a hidden <input type=file> and the bridge resolves the
 * chosen File's path (pathOf, as for a drop); main checks either path the same way.
 */
export interface FileDialogPort {
  /** Existing files to open ('crl': several at once); empty when the user cancelled. */
  chooseOpen(purpose: 'container' | 'plaintext' | 'crl'): Promise<string[]>;
  /** Where to write a new file; null when the user cancelled. */
  chooseSave(suggestedName: string): Promise<string | null>;
}
