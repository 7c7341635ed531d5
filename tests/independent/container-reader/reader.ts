// The whole of "Opening" in the text's order: form, file key, MAC, metadata, payload, signature, chain.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { chunksOf, layoutOf, openMetadata, openPayload, type Metadata } from './body.js';
import { type Trust, checkChain, commonNameOf } from './chain.js';
import { fail } from './errors.js';
import { parseHeader, versionOf } from './header.js';
import { hkdf } from './primitives.js';
import { checkSignature, messageV1, messageV2 } from './signature.js';
import { type Holder, fileKeyOf } from './stanzas.js';
import { parseTrailer } from './trailer.js';

export interface Opened {
  version: 1 | 2;
  label: Record<string, unknown>;
  metadata: Metadata;
  plaintext: Buffer;
  signer: string;
}

export async function openContainer(file: Buffer, holders: Holder[], trust: Trust, now: Date): Promise<Opened> {
  const version = versionOf(file);
  const header = parseHeader(file, version);
  const trailer = parseTrailer(file, header.length, version);
  const fileKey = fileKeyOf(header, holders);
  const macKey = hkdf(fileKey, Buffer.alloc(0), 'airlock-container/1 header');
  const mac = createHmac('sha256', macKey).update(header.macInput).digest();
  if (!timingSafeEqual(mac, header.mac)) fail('headerTampered', 'header MAC');
  const layout = layoutOf(file, header.length, trailer.start);
  const metadata = openMetadata(fileKey, layout);
  const payload = openPayload(fileKey, layout, chunksOf(file, layout, version));
  const message = version === 1 ? messageV1(file, trailer) : messageV2(file, layout.payloadStart, payload.leaves, trailer.certificates);
  checkSignature(header, trailer, message);
  const signer = await checkChain(trailer.signerCertificate, trailer.certificates.slice(1), trust, now);
  return { version, label: header.label, metadata, plaintext: payload.plaintext, signer: commonNameOf(signer) };
}
