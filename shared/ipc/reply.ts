import type { IpcError } from './errors.js';

/** Errors cross the bridge as data, never as thrown exceptions. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export function ok<T>(value: T): Reply<T> {
  return { ok: true, value };
}

export function fail<T = never>(error: IpcError): Reply<T> {
  return { ok: false, error };
}
