/**
 * A running token process, as the client sees it. The Node launcher (child_process.fork) and the
 * Electron launcher (utilityProcess.fork) both produce this shape.
 */
export interface TokenProcessHandle {
  readonly pid: number | undefined;
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(): void;
}

/** Starts one token process that tries these PKCS#11 modules in order. */
export type TokenProcessLauncher = (modulePaths: readonly string[]) => TokenProcessHandle;
