import type { AuditTrail } from '../audit/audit-trail.js';
import type { CertificateTrust } from '../certificates/capability.js';
import type { SealedStore } from '../store/sealed-store.js';
import { ColleagueDirectory, MemoryDirectoryStore } from './colleague-directory.js';
import { DirectoryService } from './directory-service.js';
import { directoryHandlers } from './handlers.js';
import { SealedDirectoryStore } from './sealed-directory-store.js';

export interface DirectoryDeps {
  readonly trust: CertificateTrust;
  readonly knownIssuers: readonly (string | Uint8Array)[];
  /** The sealed settings store while unlocked; undefined without a vault (then memory only). */
  readonly sealed: (() => SealedStore) | undefined;
  readonly audit: AuditTrail;
}

/** The colleagues' certificates (sealed: whom one writes to is sensitive too), with the directory.* handlers. */
export function createDirectory({ trust, knownIssuers, sealed, audit }: DirectoryDeps) {
  const directory = new ColleagueDirectory({
    store: sealed === undefined ? new MemoryDirectoryStore() : new SealedDirectoryStore(sealed),
    anchors: trust.anchors,
    crls: trust.crls,
    now: () => new Date(),
  });
  return { directory, handlers: directoryHandlers(new DirectoryService(directory, knownIssuers, audit)) };
}
