// Elements whose DER is already in hand, placed into a structure the schema library encodes,
// without being decoded into a tree and encoded again: a certificate as issued (its bytes are what
// its issuer signed and what ESS signing-certificate-v2 hashes), a signed attribute encoded once to
// sort the SET OF. The tags and lengths around them are still the library's to write.
import { BaseBlock } from 'asn1js';

type Writer = Parameters<BaseBlock['toBER']>[1];

/** An asn1js block that encodes as the given bytes: one complete DER element (tag, length, value). */
class EncodedBlock extends BaseBlock {
  readonly #der: Uint8Array;

  constructor(der: Uint8Array) {
    super();
    this.#der = der;
  }

  override toBER(_sizeOnly?: boolean, writer?: Writer): ArrayBuffer {
    const bytes = this.#der.slice().buffer;
    if (writer === undefined) return bytes;
    writer.write(bytes);
    return new ArrayBuffer(0);
  }
}

const writeOnly = (): never => {
  throw new Error('an encoded element is written, never read into');
};

/**
 * A value of `schema` (e.g. Certificate, Attribute) that the schema library writes as `der`: it
 * makes the value "convertible" (toASN/fromASN), which the serializer asks before its schema.
 * `der` must be one element of that type; only writing is possible.
 */
export function encodedAs<T extends object>(schema: new () => T, der: Uint8Array): T {
  return Object.assign(new schema(), { toASN: () => new EncodedBlock(der), fromASN: writeOnly, toSchema: writeOnly });
}
