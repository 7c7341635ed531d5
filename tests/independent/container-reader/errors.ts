// The reader's one error type: `code` is a code of docs/container.md's error table, with its detail.

export interface Detail {
  chunk?: number;
  recipient?: string;
  reason?: string;
}

export class ReaderError extends Error {
  constructor(readonly code: string, readonly detail: Detail, why: string) {
    super(`${code}: ${why}`);
    this.name = 'ReaderError';
  }
}

export function fail(code: string, why: string, detail: Detail = {}): never {
  throw new ReaderError(code, detail, why);
}
