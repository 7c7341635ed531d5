import type { TokenRef, TokenServiceStatus, TokenSummary } from '../../../shared/domain/token.js';
import { DomainError } from '../domain-error.js';
import type { EventBus } from '../event-bus.js';
import type { DecryptMechanism, SignMechanism, TokenResult } from './protocol.js';
import type { TokenClient } from './token-client.js';

export interface TokenServiceLog {
  event(name: string, fields: Record<string, string | number | boolean>): void;
}

export interface TokenServiceOptions {
  readonly client: TokenClient;
  readonly events: EventBus;
  readonly log: TokenServiceLog;
  /** Hot-plug by polling: most modules (SoftHSM included) do not support C_WaitForSlotEvent. */
  readonly pollMs?: number;
  /** Called when a token the user was logged in to disappears, or the token process stops. */
  readonly onLoss: (reason: 'tokenRemoved' | 'tokenServiceStopped') => void;
}

const sameRef = (a: TokenRef, b: TokenRef): boolean => a.serial === b.serial && a.label === b.label;

/** First wait before starting a new token process, doubled after each failed start, up to the cap. */
export const RESTART_FIRST_DELAY_MS = 250;
export const RESTART_MAX_DELAY_MS = 4000;

/**
 * A login, as made by one token process. The login exists only inside that process: a process
 * that dies takes it along, and its successor starts logged out.
 */
export interface TokenLogin {
  readonly ref: TokenRef;
  readonly generation: number;
}

/** What keys on a token are used through: certificates, keys and the private-key operations. */
export type TokenKeyPort = Pick<TokenService, 'certificates' | 'keys' | 'decrypt' | 'deriveEcdh' | 'sign'>;

/**
 * The app's view of the tokens: which are present, which the user is logged in to, and the
 * operations other services need. Private keys stay on the token; this only forwards requests.
 */
export class TokenService {
  #tokens: TokenSummary[] = [];
  #poll: NodeJS.Timeout | undefined;
  #restart: NodeJS.Timeout | undefined;
  #restartDelayMs = RESTART_FIRST_DELAY_MS;
  #stopped = false;
  #restarting = false;
  #moduleMissing = false;

  constructor(private readonly options: TokenServiceOptions) {}

  /** Starts a token process; one that dies before it is ready is retried with back-off, without end. */
  async start(): Promise<void> {
    this.#stopped = false;
    try {
      await this.options.client.start();
    } catch (error) {
      this.options.log.event('token.restartFailed', { reason: error instanceof DomainError ? error.code : String(error) });
      // No module to load is the machine's setup, not a crash: retrying every few seconds would
      // only say "restarting" for ever. The lock screen names the missing driver instead.
      if (error instanceof DomainError && error.code === 'token.noModule') this.#setStatus({ restarting: false, moduleMissing: true });
      else this.#scheduleRestart();
      throw error;
    }
    this.#restartDelayMs = RESTART_FIRST_DELAY_MS;
    this.#setStatus({ restarting: false, moduleMissing: false });
    await this.refresh();
    this.#poll ??= setInterval(() => void this.refresh().catch(() => undefined), this.options.pollMs ?? 1000);
    this.#poll.unref();
  }

  /** Called by the client when its process ends unasked: lock, tell the UI, start a new one. */
  handleStopped(reason: string): void {
    this.options.log.event('token.serviceStopped', { reason });
    this.#setTokens([]);
    this.options.onLoss('tokenServiceStopped');
    this.#scheduleRestart();
  }

  /** From a token process's death until a successor is ready: the lock screen says "restarting", not "no token". */
  status(): TokenServiceStatus {
    return { restarting: this.#restarting, moduleMissing: this.#moduleMissing };
  }

  /** The token process's pid, for diagnostics (and the crash tests). */
  get processId(): number | undefined {
    return this.options.client.pid;
  }

  list(): TokenSummary[] {
    return this.#tokens;
  }

  async refresh(): Promise<TokenSummary[]> {
    const tokens = await this.options.client.request({ op: 'listTokens' });
    const lost = this.#tokens.filter((old) => old.loggedIn && !tokens.some((now) => sameRef(now.ref, old.ref) && now.loggedIn));
    this.#setTokens(tokens);
    for (const token of lost) {
      this.options.log.event('token.lost', { serial: token.ref.serial });
      this.options.onLoss('tokenRemoved');
    }
    return tokens;
  }

  /** Logs in; the answer names the process that holds the login (see confirmLogin, pinnedTo). */
  async login(ref: TokenRef, pin: string | undefined): Promise<TokenLogin> {
    const generation = this.options.client.generation;
    try {
      await this.options.client.request(pin === undefined ? { op: 'login', token: ref } : { op: 'login', token: ref, pin }, generation);
      this.options.log.event('token.login', { serial: ref.serial, ok: true });
      // Generation is defined here: the request would have been refused without a running process.
      return { ref, generation: generation ?? -1 };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.options.log.event('token.login', { serial: ref.serial, ok: false, code: error.code });
      throw await this.#withPinTries(ref, error);
    } finally {
      await this.refresh().catch(() => undefined);
    }
  }

  /**
   * Proves, by a real call to the token process, that the process which made this login still runs
   * and still has the token logged in. Resolves only then; no stop can come between its answer and
   * the caller's next synchronous step, which is where an unlock commits.
   */
  async confirmLogin(login: TokenLogin): Promise<void> {
    const tokens = await this.options.client.request({ op: 'listTokens' }, login.generation);
    if (this.options.client.generation !== login.generation) throw new DomainError('token.serviceStopped');
    this.#setTokens(tokens);
    const token = tokens.find((candidate) => sameRef(candidate.ref, login.ref));
    if (token === undefined) throw new DomainError('token.removed');
    if (!token.loggedIn) throw new DomainError('token.notLoggedIn');
  }

  /** The key operations, sent only to the process that made this login (a new one would not be logged in). */
  pinnedTo(login: TokenLogin): TokenKeyPort {
    const { client } = this.options;
    const { generation } = login;
    return {
      certificates: (ref) => client.request({ op: 'listCertificates', token: ref }, generation),
      keys: (ref) => client.request({ op: 'listKeys', token: ref }, generation),
      decrypt: (ref, keyId, mechanism, data) => client.request({ op: 'decrypt', token: ref, keyId, mechanism, data }, generation),
      deriveEcdh: async (ref, keyId, publicPoint) => (await client.request({ op: 'deriveEcdh', token: ref, keyId, publicPoint }, generation)).secret,
      sign: async (ref, keyId, mechanism, digest, options = {}) => (await client.request({ op: 'sign', token: ref, keyId, mechanism, digest, ...(options.contextPin === undefined ? {} : { contextPin: options.contextPin }) }, generation)).signature,
    };
  }

  async logoutAll(): Promise<void> {
    for (const token of this.#tokens.filter((t) => t.loggedIn)) {
      await this.options.client.request({ op: 'logout', token: token.ref }).catch(() => undefined);
    }
    await this.refresh().catch(() => undefined);
  }

  async changePin(ref: TokenRef, oldPin: string, newPin: string): Promise<void> {
    try {
      await this.options.client.request({ op: 'changePin', token: ref, oldPin, newPin });
      this.options.log.event('token.pinChanged', { serial: ref.serial, ok: true });
    } catch (error) {
      this.options.log.event('token.pinChanged', { serial: ref.serial, ok: false });
      throw error instanceof DomainError ? await this.#withPinTries(ref, error) : error;
    }
  }

  certificates(ref: TokenRef): Promise<TokenResult<'listCertificates'>> {
    return this.options.client.request({ op: 'listCertificates', token: ref });
  }

  keys(ref: TokenRef): Promise<TokenResult<'listKeys'>> {
    return this.options.client.request({ op: 'listKeys', token: ref });
  }

  /** `contextPin`: the PIN asked again for a key that wants it for every signature (KeyObject.alwaysAuthenticate). */
  async sign(ref: TokenRef, keyId: string, mechanism: SignMechanism, digest: Uint8Array, options: { readonly contextPin?: string } = {}): Promise<Uint8Array> {
    try {
      return (await this.options.client.request({ op: 'sign', token: ref, keyId, mechanism, digest, ...(options.contextPin === undefined ? {} : { contextPin: options.contextPin }) })).signature;
    } catch (error) {
      // A wrong PIN given again for this signature counts on the token like one at login: say what is left.
      throw error instanceof DomainError && options.contextPin !== undefined ? await this.#withPinTries(ref, error) : error;
    }
  }

  decrypt(ref: TokenRef, keyId: string, mechanism: DecryptMechanism, data: Uint8Array): Promise<TokenResult<'decrypt'>> {
    return this.options.client.request({ op: 'decrypt', token: ref, keyId, mechanism, data });
  }

  async deriveEcdh(ref: TokenRef, keyId: string, publicPoint: Uint8Array): Promise<Uint8Array> {
    return (await this.options.client.request({ op: 'deriveEcdh', token: ref, keyId, publicPoint })).secret;
  }

  async wrapKey(ref: TokenRef, keyId: string, keyToWrap: Uint8Array): Promise<Uint8Array> {
    return (await this.options.client.request({ op: 'wrapKey', token: ref, keyId, keyToWrap })).wrapped;
  }

  async unwrapKey(ref: TokenRef, keyId: string, wrapped: Uint8Array): Promise<Uint8Array> {
    return (await this.options.client.request({ op: 'unwrapKey', token: ref, keyId, wrapped })).key;
  }

  mechanisms(ref: TokenRef): Promise<string[]> {
    return this.options.client.request({ op: 'mechanisms', token: ref });
  }

  stop(): void {
    this.#stopped = true;
    clearInterval(this.#poll);
    clearTimeout(this.#restart);
    this.#poll = undefined;
    this.options.client.stop();
  }

  /**
   * A wrong PIN is answered with what the token now says is left ("few tries", "last try",
   * "locked"), read fresh from its flags. The PIN is never retried: the user decides.
   */
  async #withPinTries(ref: TokenRef, error: DomainError): Promise<DomainError> {
    if (error.code !== 'token.pinIncorrect' && error.code !== 'token.pinLocked') return error;
    const tokens = await this.refresh().catch(() => this.#tokens);
    const pinTries = tokens.find((token) => sameRef(token.ref, ref))?.pinTries;
    return new DomainError(pinTries === 'locked' ? 'token.pinLocked' : error.code, pinTries === undefined ? undefined : { pinTries });
  }

  /** One restart pending at a time; the wait doubles up to RESTART_MAX_DELAY_MS until a process is ready. */
  #scheduleRestart(): void {
    if (this.#stopped || this.#restart !== undefined) return;
    const delay = this.#restartDelayMs;
    this.#restartDelayMs = Math.min(delay * 2, RESTART_MAX_DELAY_MS);
    this.#setStatus({ restarting: true, moduleMissing: false });
    this.#restart = setTimeout(() => {
      this.#restart = undefined;
      // A failed start schedules the next attempt itself (start's catch).
      this.start().catch(() => undefined);
    }, delay);
    this.#restart.unref();
  }

  #setStatus(status: TokenServiceStatus): void {
    if (this.#restarting === status.restarting && this.#moduleMissing === status.moduleMissing) return;
    this.#restarting = status.restarting;
    this.#moduleMissing = status.moduleMissing;
    this.options.events.emit('tokenService.changed', status);
  }

  #setTokens(tokens: TokenSummary[]): void {
    if (JSON.stringify(tokens) === JSON.stringify(this.#tokens)) return;
    this.#tokens = tokens;
    this.options.events.emit('tokens.changed', tokens);
  }
}
