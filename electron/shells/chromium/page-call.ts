import { z } from 'zod';

/**
 * What the init script sends over the raw CDP binding: JSON text of one of these envelopes.
 * The page can forge this text (a script that reached the binding), so it is parsed here, by
 * us, and anything else is refused as data: nothing in it is trusted or thrown.
 */
const CallId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const PageCall = z.discriminatedUnion('op', [
  /** A contract call: the dispatcher checks sender, channel and payload. */
  // JSON drops an undefined payload (a call with no argument): the request schema decides about that.
  z.strictObject({ id: CallId, op: z.literal('invoke'), channel: z.string(), payload: z.unknown().optional() }),
  /** Where a dropped File (held by the init script under a random id) lives on disk. */
  z.strictObject({ id: CallId, op: z.literal('pathOf'), file: z.string() }),
]);
export type PageCall = z.infer<typeof PageCall>;

/**
 * Larger text is refused unread: the biggest legitimate request (a 200 000-character
 * certificate) is far below, and parsing hundreds of megabytes would stall the core.
 */
export const MAX_CALL_CHARS = 4 * 1024 * 1024;

export type ParsedPageCall = { readonly call: PageCall } | { readonly malformed: true; readonly id: number | null };

/** Never throws: any input gives a call or a refusal (with the id, when one can be read, to answer it). */
export function parsePageCall(text: unknown): ParsedPageCall {
  if (typeof text !== 'string' || text.length > MAX_CALL_CHARS) return { malformed: true, id: null };
  let value: unknown;
  try {
    // JSON.parse in V8 is iterative: millions of nesting levels parse without exhausting the stack.
    value = JSON.parse(text);
  } catch {
    return { malformed: true, id: null };
  }
  const call = PageCall.safeParse(value);
  if (call.success) return { call: call.data };
  const id = typeof value === 'object' && value !== null && !Array.isArray(value) ? CallId.safeParse((value as { id?: unknown }).id) : undefined;
  return { malformed: true, id: id?.success === true ? id.data : null };
}
