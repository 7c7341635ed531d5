import { foldForSearch } from '../../../shared/domain/search-fold.js';
import { certificateInfo } from '../certificates/certificate-info.js';
import { validateCertificate } from '../certificates/chain-validator.js';
import { parseCertificate, parseCertificates, type CertificateInput, type ParsedCertificate } from '../certificates/parsed-certificate.js';
import type { RevocationSource } from '../certificates/revocation.js';
import type { TrustAnchors } from '../certificates/trust-anchors.js';
import type { CertificateInfo, CertificateInvalidReason, ValidationResult } from '../certificates/types.js';

/** A colleague's certificate we may encrypt to. Plain data, so the encrypted store can persist it as is. */
export interface DirectoryEntry {
  fingerprint: string;
  der: Uint8Array;
  /** Intermediates given at import, kept to rebuild the path when re-verifying. */
  intermediates: Uint8Array[];
  info: CertificateInfo;
  purpose: 'encryption' | 'keyAgreement';
  /** The latest validation; only a `valid` entry may be encrypted to. */
  validation: ValidationResult;
  importedAt: string;
  verifiedAt: string;
}

export interface DirectoryStore {
  get(fingerprint: string): Promise<DirectoryEntry | undefined>;
  put(entry: DirectoryEntry): Promise<void>;
  delete(fingerprint: string): Promise<boolean>;
  list(): Promise<DirectoryEntry[]>;
}

export class MemoryDirectoryStore implements DirectoryStore {
  private readonly entries = new Map<string, DirectoryEntry>();

  get(fingerprint: string): Promise<DirectoryEntry | undefined> {
    const entry = this.entries.get(fingerprint);
    return Promise.resolve(entry === undefined ? undefined : structuredClone(entry));
  }

  put(entry: DirectoryEntry): Promise<void> {
    this.entries.set(entry.fingerprint, structuredClone(entry));
    return Promise.resolve();
  }

  delete(fingerprint: string): Promise<boolean> {
    return Promise.resolve(this.entries.delete(fingerprint));
  }

  list(): Promise<DirectoryEntry[]> {
    return Promise.resolve([...this.entries.values()].map((entry) => structuredClone(entry)));
  }
}

export { foldForSearch };

export type DirectoryRejection = 'malformed' | 'isCA' | CertificateInvalidReason;

export type DirectoryImportResult =
  | { status: 'imported' | 'duplicate'; entry: DirectoryEntry }
  /** `certificate`: fingerprint of the culprit when validation failed. */
  | { status: 'rejected'; reason: DirectoryRejection; certificate?: string };

export interface DirectoryDependencies {
  store: DirectoryStore;
  anchors: TrustAnchors;
  crls: RevocationSource;
  now: () => Date;
}

/** Colleagues' encryption certificates: imported only when they validate, re-checked on demand. */
export class ColleagueDirectory {
  constructor(private readonly deps: DirectoryDependencies) {}

  async import(input: CertificateInput, intermediates: readonly CertificateInput[] = []): Promise<DirectoryImportResult> {
    let certificate: ParsedCertificate;
    let helpers: ParsedCertificate[];
    try {
      certificate = parseCertificate(input);
      helpers = intermediates.flatMap((item) => parseCertificates(item));
    } catch {
      return { status: 'rejected', reason: 'malformed' };
    }
    const existing = await this.deps.store.get(certificate.fingerprint);
    if (existing !== undefined) return { status: 'duplicate', entry: existing };
    const info = certificateInfo(certificate);
    // A CA certificate is never a colleague: encrypting to it would hand the CA the plaintext.
    if (info.isCA) return { status: 'rejected', reason: 'isCA', certificate: info.fingerprint };
    const purpose = info.keyAlgorithm.kind === 'ec' ? 'keyAgreement' : 'encryption';
    const now = this.deps.now();
    const validation = await this.validate(certificate, helpers, purpose, now);
    if (validation.status === 'invalid') return { status: 'rejected', reason: validation.reason, certificate: validation.certificate };
    const entry: DirectoryEntry = {
      fingerprint: certificate.fingerprint,
      der: certificate.der,
      intermediates: helpers.map((helper) => helper.der),
      info,
      purpose,
      validation,
      importedAt: now.toISOString(),
      verifiedAt: now.toISOString(),
    };
    await this.deps.store.put(entry);
    return { status: 'imported', entry };
  }

  /** All entries, sorted by name in Vietnamese collation. */
  async list(): Promise<DirectoryEntry[]> {
    const entries = await this.deps.store.list();
    return entries.sort((a, b) => displayName(a).localeCompare(displayName(b), 'vi'));
  }

  /** Every word of the query must appear in the name, organisation or email, ignoring case and diacritics. */
  async search(query: string): Promise<DirectoryEntry[]> {
    const words = foldForSearch(query).split(' ').filter((word) => word !== '');
    const entries = await this.list();
    return entries.filter((entry) => {
      const haystack = foldForSearch(searchableText(entry.info));
      return words.every((word) => haystack.includes(word));
    });
  }

  get(fingerprint: string): Promise<DirectoryEntry | undefined> {
    return this.deps.store.get(fingerprint);
  }

  remove(fingerprint: string): Promise<boolean> {
    return this.deps.store.delete(fingerprint);
  }

  /** Re-validates every entry (after a new CRL, or as time passes); returns those whose status changed. */
  async reverifyAll(): Promise<DirectoryEntry[]> {
    const now = this.deps.now();
    const changed: DirectoryEntry[] = [];
    for (const entry of await this.deps.store.list()) {
      const updated = await this.#revalidate(entry, now);
      if (!sameOutcome(entry.validation, updated.validation)) changed.push(updated);
    }
    return changed;
  }

  /** One entry validated again now (compose asks before encrypting to it); undefined when not in the directory. */
  async reverify(fingerprint: string): Promise<DirectoryEntry | undefined> {
    const entry = await this.deps.store.get(fingerprint);
    return entry === undefined ? undefined : this.#revalidate(entry, this.deps.now());
  }

  async #revalidate(entry: DirectoryEntry, now: Date): Promise<DirectoryEntry> {
    const helpers = entry.intermediates.map((der) => parseCertificate(der));
    const validation = await this.validate(parseCertificate(entry.der), helpers, entry.purpose, now);
    const updated = { ...entry, validation, verifiedAt: now.toISOString() };
    await this.deps.store.put(updated);
    return updated;
  }

  private validate(certificate: ParsedCertificate, intermediates: ParsedCertificate[], purpose: DirectoryEntry['purpose'], at: Date): Promise<ValidationResult> {
    return validateCertificate(certificate, { intermediates, anchors: this.deps.anchors, crls: this.deps.crls, at, purpose });
  }
}

function searchableText(info: CertificateInfo): string {
  const { commonName, organization, organizationalUnits } = info.subject;
  return [commonName, organization, ...organizationalUnits, info.email].filter((part) => part !== undefined).join(' ');
}

function displayName(entry: DirectoryEntry): string {
  return entry.info.subject.commonName ?? entry.info.subject.display;
}

function sameOutcome(a: ValidationResult, b: ValidationResult): boolean {
  return a.status === b.status && (a.status === 'valid' || (b.status === 'invalid' && a.reason === b.reason && a.certificate === b.certificate));
}
