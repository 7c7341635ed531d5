import type { TokenRef } from '../../../shared/domain/token.js';
import type { StepProgress, ZoneId } from '../../../shared/domain/zone.js';
import type { SwitchStep } from '../../../shared/domain/zone-vocabulary.js';
import type { AuditTrail } from '../audit/audit-trail.js';
import { DomainError } from '../domain-error.js';
import { pinLogin } from '../session/pin-login.js';
import type { WorkstationSession } from '../session/workstation-session.js';
import { tokenKeyHolders, unattendedKeyHolders } from '../token/token-key-holders.js';
import type { TokenService } from '../token/token-service.js';
import type { ZonePolicy } from './policy-schema.js';
import { signIntent } from './switch-intent.js';
import type { ZoneBoundResource, ZoneShellPort } from './zone-ports.js';
import { ZoneStepError, type NetworkStep, type ZoneNetwork } from './zone-network.js';

export interface SwitchRequest {
  readonly zone: ZoneId;
  readonly reason: string;
  readonly token: TokenRef;
  /** Absent for a PIN-pad reader. */
  readonly pin?: string | undefined;
}

export interface SwitchContext {
  readonly policy: ZonePolicy;
  readonly from: ZoneId | null;
  readonly network: ZoneNetwork;
  /** False once the helper the switch runs on is gone: then the step it was in fails. */
  readonly helperRunning?: () => boolean;
  readonly tokens: TokenService;
  readonly session: WorkstationSession;
  readonly audit: AuditTrail;
  readonly shell: ZoneShellPort;
  readonly resources: readonly ZoneBoundResource[];
  readonly progress: (progress: StepProgress) => void;
  readonly now: () => Date;
}

const NETWORK_STEPS: readonly NetworkStep[] = ['killSockets', 'firewall', 'linksDown', 'targetUp', 'route', 'dns', 'verify'];

/**
 * The switch procedure (docs/zones.md). Every step is audited before it runs and reported to the
 * dialog. Authorisation locks the workstation first (keys wiped, tokens logged out) and then asks
 * the token for the PIN again, so the person switching holds the token now, and signs the intent.
 * A failure before the network steps changes no network; a failure in them isolates every zone.
 */
export async function runZoneSwitch(request: SwitchRequest, context: SwitchContext): Promise<void> {
  const { audit, from } = context;
  const target = request.zone;
  const base = { target, from: from ?? 'none' };

  await step(context, 'authorise', base, () => authorise(request, context));
  for (const name of ['leaveZone', ...NETWORK_STEPS] as const) {
    try {
      await step(context, name, base, () => (name === 'leaveZone' ? leaveZone(context) : runNetworkStep(context.network, name, target)));
    } catch (error) {
      // Fail closed: whatever half-state the step left, no zone stays live.
      await context.network.isolate().catch((isolateError: unknown) => audit.record('zone.switchStep', 'failed', { ...base, step: 'isolate', detail: describe(isolateError) }));
      throw error instanceof DomainError ? error : new DomainError('zone.switchFailed', { zoneStep: name }, { cause: error });
    }
  }
}

async function step(context: SwitchContext, name: SwitchStep, base: Record<string, string>, run: () => Promise<void>): Promise<void> {
  context.audit.record('zone.switchStep', 'ok', { ...base, step: name, phase: 'starting' });
  context.progress({ step: name, state: 'running' });
  try {
    await run();
    // A helper that died meanwhile (even during a step it has no part in) fails the switch here.
    if (context.helperRunning?.() === false) throw new DomainError('zone.switchFailed', { zoneStep: name }, { cause: new ZoneStepError(name, 'the zone helper stopped') });
  } catch (error) {
    context.audit.record('zone.switchStep', 'failed', { ...base, step: name, detail: describe(error) });
    context.progress({ step: name, state: 'failed' });
    throw error;
  }
  context.progress({ step: name, state: 'done' });
}

async function authorise(request: SwitchRequest, context: SwitchContext): Promise<void> {
  const { tokens, session, audit } = context;
  session.lock('zoneSwitch');
  await tokens.logoutAll();
  await pinLogin(tokens, audit, request.token, request.pin, (code) => audit.record('zone.switchRequested', 'refused', { target: request.zone, serial: request.token.serial, code }));
  try {
    // The intent is signed unattended: a key that asks its PIN for every use (CKA_ALWAYS_AUTHENTICATE) is
    // never taken, and a token with only such keys is refused before any network step (fail closed).
    const holders = await tokenKeyHolders(tokens, request.token);
    const [holder] = unattendedKeyHolders(holders);
    if (holder === undefined) {
      const code = holders.length === 0 ? 'zone.noSigningKey' : 'zone.onlyPinPerUseKeys';
      audit.record('zone.switchRequested', 'refused', { target: request.zone, serial: request.token.serial, code });
      throw new DomainError(code);
    }
    const signed = await signIntent(holder.signer, { purpose: 'airlock.zoneSwitch', from: context.from, to: request.zone, reason: request.reason, at: context.now().toISOString(), policySerial: context.policy.serial });
    audit.record('zone.switchRequested', 'ok', { target: request.zone, from: context.from ?? 'none', reason: request.reason, serial: request.token.serial, ...signed });
  } finally {
    await tokens.logoutAll();
  }
}

/** The app's side of leaving: connections, clipboard, views. Keys and zone files went with the lock. */
async function leaveZone(context: SwitchContext): Promise<void> {
  for (const resource of context.resources) await resource.close();
  await context.shell.clearClipboard();
  await context.shell.enterPartition(null);
}

async function runNetworkStep(network: ZoneNetwork, name: NetworkStep, target: ZoneId): Promise<void> {
  switch (name) {
    case 'killSockets':
      await network.killSockets();
      return;
    case 'firewall':
      return network.firewall(target);
    case 'linksDown':
      return network.linksDown();
    case 'targetUp':
      return network.targetUp(target);
    case 'route':
      return network.route(target);
    case 'dns':
      return network.dns(target);
    case 'verify':
      return network.verify(target);
  }
}

function describe(error: unknown): string {
  const cause = error instanceof DomainError ? error.cause : undefined;
  const text = error instanceof ZoneStepError ? error.detail : cause instanceof ZoneStepError ? cause.detail : error instanceof DomainError ? error.code : error instanceof Error ? error.message : String(error);
  return text.slice(0, 1000);
}
