// Damage to one recipient stanza of a container's header (docs/container.md "Opening"), shared by
// the vector generator and the tests. Each returns a copy; the rest of the file is left as it was.
import type { StanzaScheme } from '../../electron/core/documents/container-format.js';

export type StanzaDamage =
  /** One bit of the wrapped file key, base64 re-encoded canonically. */
  | 'wrappedBit'
  /** RSA: the wrapped key replaced by 0xff… — a number above any modulus. */
  | 'wrappedAboveModulus'
  /** EC: one bit of the ephemeral point's x: the point is then off the curve. */
  | 'pointBit'
  /** One hex digit of the recipient's fingerprint. */
  | 'recipientDigit'
  /** One base64 character of the wrapped key replaced by one outside the alphabet. */
  | 'base64Character'
  /** The wrapped key's base64 cut by four characters (three bytes). */
  | 'truncated';

/** `scheme`'s first stanza with `damage` done to it. */
export function damageStanza(container: Uint8Array, scheme: StanzaScheme, damage: StanzaDamage): Buffer {
  const bytes = Buffer.from(container);
  const start = bytes.indexOf(`\n-> ${scheme} `) + 1;
  if (start === 0) throw new Error(`no ${scheme} stanza`);
  const end = bytes.indexOf(0x0a, start);
  const [arrow, name, recipient, ephemeral, wrapped] = bytes.subarray(start, end).toString('latin1').split(' ') as [string, string, string, string, string];
  const flipped = (b64: string, at: number): string => {
    const raw = Buffer.from(b64, 'base64');
    raw[at] = (raw[at] ?? 0) ^ 0x01;
    return raw.toString('base64');
  };
  const parts = { recipient, ephemeral, wrapped };
  if (damage === 'wrappedBit') parts.wrapped = flipped(wrapped, 17);
  else if (damage === 'wrappedAboveModulus') parts.wrapped = Buffer.alloc(Buffer.from(wrapped, 'base64').length, 0xff).toString('base64');
  else if (damage === 'pointBit') parts.ephemeral = flipped(ephemeral, 20);
  else if (damage === 'recipientDigit') parts.recipient = `${recipient.slice(0, 10)}${recipient[10] === '0' ? '1' : '0'}${recipient.slice(11)}`;
  else if (damage === 'base64Character') parts.wrapped = `${wrapped.slice(0, 8)}*${wrapped.slice(9)}`;
  else parts.wrapped = wrapped.slice(0, -4);
  const line = Buffer.from([arrow, name, parts.recipient, parts.ephemeral, parts.wrapped].join(' '), 'latin1');
  return Buffer.concat([bytes.subarray(0, start), line, bytes.subarray(end)]);
}
