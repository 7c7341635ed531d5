import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { isWithinCeiling, type Classification } from '../../../shared/domain/classification.js';
import type { PolicyState, StepProgress, WatchdogAlert, ZoneId, ZonesOverview, ZoneStatus } from '../../../shared/domain/zone.js';
import type { PolicyRefusal } from '../../../shared/domain/zone-vocabulary.js';
import type { AuditTrail } from '../audit/audit-trail.js';
import type { RevocationSource } from '../certificates/revocation.js';
import type { TrustAnchors } from '../certificates/trust-anchors.js';
import { DomainError } from '../domain-error.js';
import type { EventBus } from '../event-bus.js';
import type { WorkstationSession } from '../session/workstation-session.js';
import type { TokenService } from '../token/token-service.js';
import type { SealedStore } from '../store/sealed-store.js';
import type { WorkstationVault } from '../vault/workstation-vault.js';
import { loadZonePolicy, type PolicyLoad } from './policy-loader.js';
import { signDeclassification, verifyDeclassification, type DeclassificationDecision, type DeclassificationRecord } from './declassification.js';
import type { TokenSigner } from '../signing/token-signer.js';
import type { ZoneDefinition, ZonePolicy } from './policy-schema.js';
import { noShell, type ZoneBoundResource, type ZoneShellPort } from './zone-ports.js';
import type { ZoneNetwork } from './zone-network.js';
import { runZoneSwitch, type SwitchRequest } from './zone-switch.js';

/** The helper as the service needs it: the network steps, its watchdog's alerts, its own view of the policy, its life. */
export interface ZoneHelperPort extends ZoneNetwork {
  onAlert(listener: (alert: WatchdogAlert) => void): () => void;
  /** The helper verifies the policy itself; its refusal (e.g. a rollback it remembers) wins over ours. */
  reload(): Promise<{ readonly policy: { readonly state: 'loaded' } | { readonly state: 'refused'; readonly reason: PolicyRefusal } }>;
  /** The helper ended without being asked to (its exit event): the network guard is down. */
  onStopped(listener: () => void): () => void;
  /** A (new) helper answers: it isolated first thing and watches again (helper-supervisor.ts). */
  onReady?(listener: () => void): () => void;
  /** The helper running now, for one switch: its steps fail once it is gone, even after a successor starts. */
  pinned(): ZoneNetwork & { readonly running: boolean };
}

export interface ZoneServiceOptions {
  /** The signed policy file; absent: no policy, no zone (fail closed). */
  readonly policyPath: string | undefined;
  readonly trust: { readonly anchors: TrustAnchors; readonly intermediates: readonly (string | Uint8Array)[]; readonly crls: RevocationSource };
  /** Absent: nothing can change the network, so no zone can be activated. */
  readonly helper: ZoneHelperPort | undefined;
  readonly tokens: TokenService | undefined;
  /** Per-zone sealed files: only the live zone's is ever open. */
  readonly vault?: WorkstationVault | undefined;
  readonly session: WorkstationSession;
  readonly audit: AuditTrail;
  readonly events: EventBus;
  readonly shell?: ZoneShellPort;
  readonly now?: () => Date;
  /** How often the policy is read again (expiry, a new file the watcher missed). */
  readonly recheckMs?: number;
}

const MAX_ALERTS = 50;

/** The old zone's file is closed when it is left: not even its locked pages stay open. */
function closeZoneFile(vault: WorkstationVault, zone: ZoneId) {
  return { name: `store zone-${zone}`, close: () => vault.closeZone(zone) };
}

/**
 * The zones as the app knows them: the verified policy, the live zone (null until a switch
 * succeeds, and after any failure), the cool-down, the watchdog's alerts. The banners and the
 * level gate read the ceiling from here; nothing above it may be opened, shown, exported or sent.
 */
export class ZoneService {
  #load: PolicyLoad = { ok: false, reason: 'missing', detail: 'not loaded yet' };
  #active: ZoneId | null = null;
  #highestSerial = 0;
  #lastAttemptAt: number | undefined;
  #lastSwitch: ZonesOverview['lastSwitch'] = null;
  #alerts: WatchdogAlert[] = [];
  #switching = false;
  /** Between the helper's unexpected exit and its successor's first answer. */
  #guardDown = false;
  #reloading: Promise<unknown> = Promise.resolve();
  #watcher: FSWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;
  #reloadTimer: NodeJS.Timeout | undefined;
  readonly #resources = new Set<ZoneBoundResource>();
  readonly #now: () => Date;

  constructor(private readonly options: ZoneServiceOptions) {
    this.#now = options.now ?? (() => new Date());
    options.helper?.onAlert((alert) => this.#alert(alert));
    options.helper?.onStopped(() => this.#guardStopped());
    options.helper?.onReady?.(() => this.#guardReady());
  }

  async start(): Promise<void> {
    await this.reloadPolicy();
    const file = this.options.policyPath;
    if (file !== undefined) {
      // Watch the folder: an administrator replaces the three files, often by rename.
      try {
        this.#watcher = watch(path.dirname(file), () => this.#scheduleReload());
      } catch {
        // No folder yet: the periodic re-check picks the policy up once it exists.
      }
    }
    this.#timer = setInterval(() => void this.reloadPolicy(), this.options.recheckMs ?? 60_000);
    this.#timer.unref();
  }

  stop(): void {
    this.#watcher?.close();
    clearInterval(this.#timer);
    clearTimeout(this.#reloadTimer);
  }

  /**
   * Reads and verifies the policy again; a policy that stops being acceptable takes the live zone
   * down. Reloads run one after another: an older read finishing last must never overwrite the
   * verdict on a newer file (a tampered policy would then look valid until the next re-check).
   */
  reloadPolicy(): Promise<PolicyState> {
    const next = this.#reloading.then(() => this.#reload());
    this.#reloading = next.catch(() => undefined);
    return next;
  }

  async #reload(): Promise<PolicyState> {
    const { policyPath, trust } = this.options;
    const previous = this.#load;
    let load: PolicyLoad =
      policyPath === undefined
        ? { ok: false, reason: 'missing', detail: 'no policy file configured' }
        : await loadZonePolicy(policyPath, { ...trust, now: this.#now, minimumSerial: this.#highestSerial }).catch((error: unknown) => ({ ok: false as const, reason: 'missing' as const, detail: String(error) }));
    const helperView = await this.options.helper?.reload().catch(() => undefined);
    if (load.ok && helperView?.policy.state === 'refused') load = { ok: false, reason: helperView.policy.reason, detail: 'refused by the zone helper' };
    this.#load = load;
    const changed = previous.ok !== load.ok || (load.ok && previous.ok && previous.policy.serial !== load.policy.serial) || (!load.ok && !previous.ok && previous.reason !== load.reason);
    if (load.ok) {
      this.#highestSerial = Math.max(this.#highestSerial, load.policy.serial);
      if (changed) this.options.audit.record('policy.loaded', 'ok', { serial: load.policy.serial, signedBy: load.signer, validUntil: load.policy.validUntil });
    } else if (changed) {
      this.options.audit.record('policy.refused', 'refused', { reason: load.reason, detail: load.detail.slice(0, 1000) });
    }
    if (!load.ok && this.#active !== null) await this.#failClosed();
    if (load.ok && this.#active !== null && !load.policy.zones.some((zone) => zone.id === this.#active)) await this.#failClosed();
    if (changed) this.options.events.emit('zones.changed', this.status());
    return this.policyState();
  }

  policyState(): PolicyState {
    const load = this.#load;
    if (!load.ok) return { state: 'refused', reason: load.reason };
    return { state: 'loaded', serial: load.policy.serial, validUntil: load.policy.validUntil, signer: load.signer, coolDownSeconds: load.policy.coolDownSeconds };
  }

  status(): ZoneStatus {
    const zone = this.#zone(this.#active);
    if (zone === undefined) return { active: null, highestClassification: 'unclassified' };
    return { active: { id: zone.id, name: zone.name, colour: zone.colour, highestClassification: zone.highestClassification }, highestClassification: zone.highestClassification };
  }

  overview(): ZonesOverview {
    const zones = this.#load.ok ? this.#load.policy.zones : [];
    return {
      policy: this.policyState(),
      zones: zones.map((zone) => ({ id: zone.id, name: zone.name, colour: zone.colour, highestClassification: zone.highestClassification, services: zone.services })),
      status: this.status(),
      coolDownUntil: this.#coolDownUntil()?.toISOString() ?? null,
      lastSwitch: this.#lastSwitch,
      alerts: [...this.#alerts],
    };
  }

  /** The live zone's own sealed store; no zone live: nothing to open (content stays apart per zone). */
  async activeStore(): Promise<SealedStore> {
    const zone = this.#zone(this.#active);
    const vault = this.options.vault;
    if (zone === undefined || !this.#load.ok) throw new DomainError('zone.noneActive');
    if (vault === undefined) throw new DomainError('store.unavailable');
    const recovery = this.#load.policy.recoveryCertificate;
    return vault.zone(zone.id, recovery === undefined ? [] : [Buffer.from(recovery, 'base64')]);
  }

  /** A service's connection inside the live zone, closed when the zone is left. */
  register(resource: ZoneBoundResource): () => void {
    this.#resources.add(resource);
    return () => this.#resources.delete(resource);
  }

  /** The verified policy and the live zone in it (backups ask which targets the zone may use); none live: undefined. */
  livePolicy(): { readonly policy: ZonePolicy; readonly zone: ZoneId } | undefined {
    if (!this.#load.ok || this.#active === null) return undefined;
    return { policy: this.#load.policy, zone: this.#active };
  }

  /** The organisation's recovery certificate from the policy, for every document and store. */
  recoveryCertificate(): Uint8Array | undefined {
    const recovery = this.#load.ok ? this.#load.policy.recoveryCertificate : undefined;
    return recovery === undefined ? undefined : new Uint8Array(Buffer.from(recovery, 'base64'));
  }

  /** Whether plaintext of `level` may be written to disk at all (policy per level; no policy: unclassified only). */
  plaintextExportAllowed(level: Classification): boolean {
    const allowed = this.#load.ok ? (this.#load.policy.plaintextExport ?? ['unclassified']) : ['unclassified'];
    return allowed.includes(level);
  }

  /** No read up, no write down: content above the live zone's ceiling is refused (and audited). */
  assertMayHandle(level: Classification, action: 'open' | 'show' | 'export' | 'send'): void {
    const ceiling = this.status().highestClassification;
    if (isWithinCeiling(level, ceiling)) return;
    this.options.audit.record('zone.contentRefused', 'refused', { level, ceiling, action, zone: this.#active ?? 'none' });
    throw new DomainError('zone.levelTooHigh');
  }

  /**
   * Content leaving the live zone for `to`. The policy's rule for the pair decides: forbidden (or
   * no rule) refuses; "allowed" passes content within the target's ceiling; anything above that
   * ceiling, and every pair marked "declassificationRecord", needs a record signed by an
   * authorised officer for exactly this content, these zones and these levels (no write down).
   */
  async checkTransfer(content: { readonly digest: string; readonly level: Classification }, to: ZoneId, record?: unknown): Promise<void> {
    const load = this.#load;
    const from = this.#active;
    const target = this.#zone(to);
    if (!load.ok || from === null || target === undefined) throw new DomainError('zone.transferForbidden');
    if (from === to) return this.assertMayHandle(content.level, 'send');
    const rule = load.policy.transfers.find((item) => item.from === from && item.to === to)?.rule ?? 'forbidden';
    const base = { digest: content.digest, from, to, level: content.level, rule };
    if (rule === 'forbidden') {
      this.options.audit.record('zone.contentRefused', 'refused', { ...base, action: 'transfer' });
      throw new DomainError('zone.transferForbidden');
    }
    if (rule === 'allowed' && isWithinCeiling(content.level, target.highestClassification)) return;
    const verdict = record === undefined ? { ok: false as const, problem: 'missing' } : await verifyDeclassification(record, { ...this.options.trust, now: this.#now });
    const matches =
      verdict.ok &&
      verdict.record.contentDigest === content.digest &&
      verdict.record.fromZone === from &&
      verdict.record.toZone === to &&
      verdict.record.fromLevel === content.level &&
      isWithinCeiling(verdict.record.toLevel, target.highestClassification);
    if (!matches) {
      this.options.audit.record('zone.contentRefused', 'refused', { ...base, action: 'transfer', record: verdict.ok ? 'doesNotMatch' : verdict.problem });
      throw new DomainError('zone.declassificationInvalid');
    }
    this.options.audit.record('zone.declassified', 'ok', { ...base, phase: 'used', officer: verdict.officer, toLevel: verdict.record.toLevel });
  }

  /**
   * An officer's decision, signed with their token (the signer), for content of the live zone.
   * Checked at once: a record that would not pass checkTransfer is refused, not handed out.
   */
  async declassify(signer: TokenSigner, decision: Omit<DeclassificationDecision, 'fromZone' | 'at'>): Promise<DeclassificationRecord> {
    const from = this.#active;
    if (from === null) throw new DomainError('zone.noneActive');
    const record = await signDeclassification(signer, { ...decision, fromZone: from, at: this.#now().toISOString() });
    const verdict = await verifyDeclassification(record, { ...this.options.trust, now: this.#now });
    const details = { digest: decision.contentDigest, from, to: decision.toZone, level: decision.fromLevel, toLevel: decision.toLevel, reason: decision.reason };
    if (!verdict.ok) {
      this.options.audit.record('zone.declassified', 'refused', { ...details, problem: verdict.problem });
      throw new DomainError('zone.declassificationInvalid');
    }
    this.options.audit.record('zone.declassified', 'ok', { ...details, phase: 'signed', officer: verdict.officer });
    return record;
  }

  async switchTo(request: SwitchRequest): Promise<ZoneStatus> {
    const load = this.#load;
    if (!load.ok) throw new DomainError('zone.policyRefused', { policyRefusal: load.reason });
    const { helper, tokens } = this.options;
    if (helper === undefined) throw new DomainError('zone.helperUnavailable');
    if (tokens === undefined) throw new DomainError('token.noModule');
    if (!load.policy.zones.some((zone) => zone.id === request.zone)) throw new DomainError('zone.unknown');
    if (this.#switching) throw new DomainError('zone.busy');
    const coolDownUntil = this.#coolDownUntil();
    if (coolDownUntil !== undefined) {
      this.options.audit.record('zone.switchRequested', 'refused', { target: request.zone, code: 'zone.coolDown' });
      throw new DomainError('zone.coolDown', { secondsLeft: Math.ceil((coolDownUntil.getTime() - this.#now().getTime()) / 1000) });
    }
    // The switch runs on the helper alive now: if it dies mid-way, the switch fails at that step.
    const network = helper.pinned();
    if (!network.running) throw new DomainError('zone.helperUnavailable');
    this.#switching = true;
    const from = this.#active;
    try {
      await runZoneSwitch(request, {
        policy: load.policy,
        from,
        network,
        helperRunning: () => network.running,
        tokens,
        session: this.options.session,
        audit: this.options.audit,
        shell: this.options.shell ?? noShell,
        resources: [...this.#resources, ...(from === null || this.options.vault === undefined ? [] : [closeZoneFile(this.options.vault, from)])],
        progress: (progress: StepProgress) => this.options.events.emit('zones.progress', progress),
        now: this.#now,
      });
      // Authorised and through the network steps or not, a switch attempt starts the cool-down.
      this.#lastAttemptAt = this.#now().getTime();
      this.#active = request.zone;
      this.#lastSwitch = { target: request.zone, result: 'ok', failedStep: null, at: this.#now().toISOString() };
      await (this.options.shell ?? noShell).enterPartition(request.zone);
      this.options.audit.record('zone.switched', 'ok', { target: request.zone, from: from ?? 'none' });
    } catch (error) {
      const failedStep = error instanceof DomainError ? (error.details?.zoneStep ?? null) : null;
      if (failedStep !== null) {
        this.#lastAttemptAt = this.#now().getTime();
        this.#active = null;
        this.options.audit.record('zone.switched', 'failed', { target: request.zone, from: from ?? 'none', step: failedStep });
      }
      this.#lastSwitch = { target: request.zone, result: 'failed', failedStep, at: this.#now().toISOString() };
      throw error;
    } finally {
      this.#switching = false;
      this.options.events.emit('zones.changed', this.status());
    }
    return this.status();
  }

  #coolDownUntil(): Date | undefined {
    if (!this.#load.ok || this.#lastAttemptAt === undefined) return undefined;
    const until = this.#lastAttemptAt + this.#load.policy.coolDownSeconds * 1000;
    return until > this.#now().getTime() ? new Date(until) : undefined;
  }

  #zone(id: ZoneId | null): ZoneDefinition | undefined {
    if (id === null || !this.#load.ok) return undefined;
    return this.#load.policy.zones.find((zone) => zone.id === id);
  }

  async #failClosed(): Promise<void> {
    const was = this.#active;
    this.#active = null;
    this.options.session.lock('zoneSwitch');
    await this.options.helper?.isolate().catch(() => undefined);
    this.options.audit.record('zone.switched', 'failed', { target: 'none', from: was ?? 'none', step: 'policy' });
    this.options.events.emit('zones.changed', this.status());
  }

  /**
   * The helper died (killed, crashed): nothing watches the links and the kernel's lease on the
   * firewall accept runs out. Fail closed at once: no zone, locked (keys wiped), alert, audit. The
   * supervisor starts a successor, which isolates first thing.
   */
  #guardStopped(): void {
    const was = this.#active;
    this.#active = null;
    this.#guardDown = true;
    this.options.session.lock('zoneGuardStopped');
    this.#alert({ action: 'guardStopped', interface: '', zone: was, at: this.#now().toISOString() });
    this.options.events.emit('zones.changed', this.status());
  }

  #guardReady(): void {
    if (this.#guardDown) this.options.audit.record('zone.watchdog', 'ok', { action: 'guardRestarted' });
    this.#guardDown = false;
    // The successor read the policy itself: adopt its view (a rollback floor it keeps).
    void this.reloadPolicy();
  }

  #alert(alert: WatchdogAlert): void {
    this.#alerts = [alert, ...this.#alerts].slice(0, MAX_ALERTS);
    this.options.audit.record('zone.watchdog', alert.action === 'activeLinkLost' || alert.action === 'guardStopped' ? 'failed' : 'refused', {
      action: alert.action,
      interface: alert.interface,
      zone: alert.zone ?? 'none',
      ...(alert.reactionMs === undefined ? {} : { reactionMs: alert.reactionMs }),
    });
    this.options.events.emit('zones.alert', alert);
  }

  #scheduleReload(): void {
    clearTimeout(this.#reloadTimer);
    this.#reloadTimer = setTimeout(() => void this.reloadPolicy(), 200);
    this.#reloadTimer.unref();
  }
}
