import { DomainError } from '../domain-error.js';
import { TokenResults, WorkerReplyEnvelope, type TokenFailure, type TokenOp, type TokenRequest, type TokenResult } from './protocol.js';
import type { TokenProcessHandle, TokenProcessLauncher } from './token-process.js';
import { errorCodeOf } from './token-errors.js';

/** A request on its way, for the fault tests: they SIGKILL the process at a chosen phase. The app passes none. */
export interface TokenRequestObservation {
  readonly op: TokenOp;
  /**
   * Sending: about to be posted (a kill now lands before the process can see it). Sent: posted (a
   * kill now may land before, during or after the process's work). Answered: its reply arrived
   * and is about to settle the caller's promise.
   */
  readonly phase: 'sending' | 'sent' | 'answered';
}

interface Pending {
  readonly op: TokenOp;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export interface TokenClientOptions {
  readonly launcher: TokenProcessLauncher;
  readonly modulePaths: readonly string[];
  /** Most calls answer in milliseconds; a PIN-pad login waits for a person. */
  readonly timeoutMs?: number;
  readonly loginTimeoutMs?: number;
  /** Called once per process that ends unasked (crash, abort, kill, hang) after it was ready. */
  readonly onStopped: (reason: string) => void;
  /** Only the token-process kill tests set this (tests/integration/token-process-kill.test.ts). */
  readonly observe?: (observation: TokenRequestObservation) => void;
}

/**
 * The main process's end of the token process: numbered requests, replies checked against the
 * protocol, a deadline on every call. A process that dies or hangs fails every pending call with
 * token.serviceStopped and is reported once through onStopped; the owner decides about restarting.
 * Each process started is one generation: a login lives only in the generation that made it, so
 * callers can pin requests to it and tell "the same process still" from "a new one, logged out".
 */
export class TokenClient {
  #process: TokenProcessHandle | undefined;
  #generation = 0;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  #modulePath: string | undefined;

  constructor(private readonly options: TokenClientOptions) {}

  get running(): boolean {
    return this.#process !== undefined;
  }

  get pid(): number | undefined {
    return this.#process?.pid;
  }

  /** The generation of the running process; undefined while none runs. */
  get generation(): number | undefined {
    return this.#process === undefined ? undefined : this.#generation;
  }

  get modulePath(): string | undefined {
    return this.#modulePath;
  }

  /** Starts the process and waits until it has loaded a module (or failed to). */
  start(): Promise<string> {
    if (this.#process !== undefined) return Promise.resolve(this.#modulePath ?? '');
    const child = this.options.launcher(this.options.modulePaths);
    this.#process = child;
    this.#generation++;
    return new Promise((resolve, reject) => {
      let ready = false;
      child.onMessage((raw) => {
        const message = WorkerReplyEnvelope.safeParse(raw);
        if (!message.success) return;
        const data = message.data;
        if ('event' in data) {
          if (data.event === 'ready') {
            ready = true;
            this.#modulePath = data.modulePath;
            resolve(data.modulePath);
          } else {
            reject(new DomainError('token.noModule'));
          }
          return;
        }
        this.#settle(data.id, data.ok ? { value: data.value } : { failure: data.failure, ckr: data.ckr });
      });
      child.onExit((code, signal) => {
        if (this.#process !== child) return;
        this.#process = undefined;
        this.#failAll();
        // Killed before it was ready is a stop like any other, not a missing module: the owner retries.
        if (!ready) reject(new DomainError('token.serviceStopped', undefined, { cause: signal ?? `exit ${code ?? '?'}` }));
        else this.options.onStopped(signal ?? `exit ${code ?? '?'}`);
      });
    });
  }

  /**
   * With `generation`, the request goes only to that process: once it has stopped (even if a new
   * one runs, which is not logged in) the answer is token.serviceStopped.
   */
  request<Op extends TokenOp>(request: Extract<TokenRequest, { op: Op }>, generation?: number): Promise<TokenResult<Op>> {
    const child = this.#process;
    if (child === undefined || (generation !== undefined && generation !== this.#generation)) return Promise.reject(new DomainError('token.serviceStopped'));
    const id = this.#nextId++;
    const timeout = request.op === 'login' || request.op === 'changePin' ? (this.options.loginTimeoutMs ?? 120_000) : (this.options.timeoutMs ?? 15_000);
    return new Promise<TokenResult<Op>>((resolve, reject) => {
      const timer = setTimeout(() => {
        // A hung module holds the token; only a new process can free it.
        this.#pending.delete(id);
        reject(new DomainError('token.serviceStopped'));
        this.stop();
        this.options.onStopped('timeout');
      }, timeout);
      this.#pending.set(id, { op: request.op, resolve: resolve as (value: unknown) => void, reject, timer });
      this.options.observe?.({ op: request.op, phase: 'sending' });
      child.post({ id, request });
      this.options.observe?.({ op: request.op, phase: 'sent' });
    });
  }

  /** Ends the process on purpose (app quit, restart after a hang); not reported as a stop. */
  stop(): void {
    const child = this.#process;
    this.#process = undefined;
    this.#failAll();
    child?.kill();
  }

  #settle(id: number, outcome: { value: unknown } | { failure: TokenFailure; ckr: string | undefined }): void {
    const pending = this.#pending.get(id);
    if (pending === undefined) return;
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    this.options.observe?.({ op: pending.op, phase: 'answered' });
    if ('failure' in outcome) {
      // The PKCS#11 name travels as the cause, for the diagnostic log only.
      pending.reject(new DomainError(errorCodeOf(outcome.failure), undefined, { cause: outcome.ckr }));
      return;
    }
    // The token process is isolated, not trusted: its answers are checked like any input.
    const parsed = TokenResults[pending.op].safeParse(outcome.value);
    if (parsed.success) pending.resolve(parsed.data);
    else pending.reject(new DomainError('token.failed'));
  }

  #failAll(): void {
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(new DomainError('token.serviceStopped'));
      this.#pending.delete(id);
    }
  }
}
