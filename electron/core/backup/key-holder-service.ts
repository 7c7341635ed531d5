import { X509Certificate } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { KeyHoldersView } from '../../../shared/domain/backup-key-holders.js';
import type { CertificateTrust } from '../certificates/capability.js';
import { certificateInfo } from '../certificates/certificate-info.js';
import { validateCertificate } from '../certificates/chain-validator.js';
import { parseCertificate, type ParsedCertificate } from '../certificates/parsed-certificate.js';
import { pemOrDer } from '../certificates/pem-or-der.js';
import { fingerprintOf } from '../crypto/key-wrap.js';
import { DomainError } from '../domain-error.js';
import { readablePath } from '../documents/document-paths.js';
import type { TokenKeyHolder } from '../token/token-key-holders.js';
import type { BackupService, BackupZonePort } from './backup-service.js';
import type { Repository } from './repository.js';

export interface KeyHolderDeps {
  readonly backups: BackupService;
  readonly zones: BackupZonePort;
  /** The organisation's pinned roots, intermediates and CRLs: an added holder must chain to them, unrevoked. */
  readonly trust: Pick<CertificateTrust, 'anchors' | 'intermediates' | 'crls'>;
  readonly now?: () => Date;
}

/** A certificate file is a few KiB; anything much larger is not one. */
const MAX_CERTIFICATE_BYTES = 64 * 1024;

/**
 * The key holders of a backup place (issue #16 item 2; docs/backup-repository.md "Keys"): list,
 * add by certificate, remove, re-key. Every change goes through the repository under its exclusive
 * lock and is audited by it (`backup.holderAdded`, `backup.holderRemoved`, `backup.rekeyed`); a
 * refusal is audited as `backup.failed` with the action. No data is re-encrypted by any of them.
 */
export class BackupKeyHolders {
  readonly #now: () => Date;

  constructor(private readonly deps: KeyHolderDeps) {
    this.#now = deps.now ?? (() => new Date());
  }

  list(targetId: string): Promise<KeyHoldersView> {
    return this.deps.backups.withOpenRepository(undefined, targetId, (repository, keys) => this.#view(repository, keys));
  }

  /** Reads the certificate (PEM or DER) from `file`, checks it, and gives it the repository's key set. */
  async add(targetId: string, file: string): Promise<KeyHoldersView> {
    return this.deps.backups.withOpenRepository('backup.holderAdded', targetId, async (repository, keys, audit, signing) => {
      const certificate = await this.#checkedCertificate(file);
      await repository.addHolder({ certificateDer: certificate.der, role: 'added' }, audit, signing);
      this.deps.backups.rememberKeys(targetId, repository);
      return this.#view(repository, keys);
    });
  }

  remove(targetId: string, fingerprint: string): Promise<KeyHoldersView> {
    return this.deps.backups.withOpenRepository('backup.holderRemoved', targetId, async (repository, keys, audit, signing) => {
      await repository.removeHolder(fingerprint, audit, this.#required(), signing);
      this.deps.backups.rememberKeys(targetId, repository);
      return this.#view(repository, keys);
    });
  }

  /** A new generation for new data; this workstation then holds to it (another one is refused until told). */
  rekey(targetId: string): Promise<KeyHoldersView> {
    return this.deps.backups.withOpenRepository('backup.rekeyed', targetId, async (repository, keys, audit, signing) => {
      await repository.rekey(audit, signing);
      this.deps.backups.rememberKeys(targetId, repository);
      return this.#view(repository, keys);
    });
  }

  /** The officer's accept of the key generation found at the place (audited by the service), then the list. */
  async accept(targetId: string): Promise<KeyHoldersView> {
    await this.deps.backups.acceptKeyGeneration(targetId);
    return this.list(targetId);
  }

  async #view(repository: Repository, keys: readonly TokenKeyHolder[]): Promise<KeyHoldersView> {
    const mine = new Set(keys.map((key) => fingerprintOf(new X509Certificate(Buffer.from(key.certificateDer)))));
    const required = this.#required();
    const seen = new Set<string>();
    const holders = (await repository.holders()).filter((holder) => !seen.has(holder.fingerprint) && seen.add(holder.fingerprint) !== undefined);
    return {
      generation: repository.current.generation,
      holders: holders
        .map((holder) => ({
          fingerprint: holder.fingerprint,
          subject: certificateInfo(holder.certificateDer).subject.display.slice(0, 500),
          role: holder.role,
          added: holder.added.slice(0, 40),
          you: mine.has(holder.fingerprint),
          required: required.includes(holder.fingerprint),
        }))
        .sort((a, b) => a.added.localeCompare(b.added) || a.fingerprint.localeCompare(b.fingerprint)),
    };
  }

  /** The recovery certificate the live policy names: removing it would leave the organisation without its way in. */
  #required(): string[] {
    const recovery = this.deps.zones.recoveryCertificate();
    return recovery === undefined ? [] : [fingerprintOf(new X509Certificate(Buffer.from(recovery)))];
  }

  /**
   * The certificate must be a person's (no CA), valid now for encryption (RSA) or key agreement (EC),
   * chain to the pinned roots and not be revoked (the CRLs the workstation holds): a key file made
   * for anything else hands the backup's key to someone the organisation does not vouch for.
   */
  async #checkedCertificate(file: string): Promise<ParsedCertificate> {
    const readable = await readablePath(file);
    let certificate: ParsedCertificate;
    try {
      if ((await stat(readable)).size > MAX_CERTIFICATE_BYTES) throw new Error('too large for a certificate');
      certificate = parseCertificate(pemOrDer(await readFile(readable)));
    } catch (error) {
      throw new DomainError('backup.holderCertificateInvalid', undefined, { cause: error });
    }
    const info = certificateInfo(certificate);
    if (info.isCA) throw new DomainError('backup.holderCertificateInvalid');
    const purpose = info.keyAlgorithm.kind === 'ec' ? 'keyAgreement' : 'encryption';
    const intermediates = this.deps.trust.intermediates.map((item) => (typeof item === 'string' ? item : new Uint8Array(item)));
    const validation = await validateCertificate(certificate, { intermediates, anchors: this.deps.trust.anchors, crls: this.deps.trust.crls, at: this.#now(), purpose });
    if (validation.status === 'invalid') throw new DomainError('backup.holderCertificateInvalid', { certificateReason: validation.reason });
    return certificate;
  }
}
