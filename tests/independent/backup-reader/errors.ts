// The reader's one error type: `code` is the error name docs/backup-repository.md gives.

export class ReaderError extends Error {
  constructor(readonly code: string, detail: string) {
    super(`${code}: ${detail}`);
    this.name = 'ReaderError';
  }
}

export function fail(code: string, detail: string): never {
  throw new ReaderError(code, detail);
}
