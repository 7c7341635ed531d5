import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MemoryCrlStore, type CrlStore } from '../core/certificates/revocation.js';

/**
 * CRLs kept as files (`<dir>/<issuer fingerprint>.crl`), so revocation data survives a restart
 * and is there before any unlock. CRLs are public and signed by their CA: the cache verifies the
 * signature every time it uses one, so plain files lose nothing. Written to a temporary name and
 * renamed, so a crash never leaves half a CRL.
 */
/** The core's CRL store: files under the data folder (they must survive a restart), memory without one. */
export function crlStoreFor(dataDir: string | undefined): CrlStore {
  return dataDir === undefined ? new MemoryCrlStore() : new FileCrlStore(path.join(dataDir, 'crls'));
}

export class FileCrlStore implements CrlStore {
  constructor(private readonly dir: string) {}

  async get(issuerFingerprint: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.#file(issuerFingerprint)));
    } catch {
      return undefined;
    }
  }

  async put(issuerFingerprint: string, der: Uint8Array): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const file = this.#file(issuerFingerprint);
    await writeFile(`${file}.tmp`, der, { mode: 0o600 });
    await rename(`${file}.tmp`, file);
  }

  #file(issuerFingerprint: string): string {
    if (!/^[0-9a-f]{64}$/.test(issuerFingerprint)) throw new Error('issuer fingerprint');
    return path.join(this.dir, `${issuerFingerprint}.crl`);
  }
}
