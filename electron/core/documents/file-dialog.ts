/**
 * The shell's native file dialogs: the renderer never reads the disk, it asks main, which asks
 * the user. Electron implements it with `dialog`; a shell without one (the Chromium development
 * shell) has none, and the Documents screen then takes a typed path, which main checks the same way.
 */
export interface FileDialogPort {
  /** An existing file to open; null when the user cancelled. */
  chooseOpen(purpose: 'container' | 'plaintext'): Promise<string | null>;
  /** Where to write a new file; null when the user cancelled. */
  chooseSave(suggestedName: string): Promise<string | null>;
}
