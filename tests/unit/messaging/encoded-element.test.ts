// Elements written from DER already in hand (electron/core/messaging/encoded-element.ts) encode
// exactly as the schema library encodes the same value from its tree, inside SETs, implicit tags
// and CHOICEs alike; the messages that carry them read back byte for byte.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { Attribute, CertificateChoices, CertificateSet, ContentInfo, SignedData } from '@peculiar/asn1-cms';
import { attribute, AttributeSet, der, signContent, sortedAttributes, sortedOwnAttributes } from '../../../electron/core/messaging/cms-signed-data.js';
import { messageAttributes } from '../../../electron/core/messaging/message-attributes.js';
import { encodedAs } from '../../../electron/core/messaging/encoded-element.js';
import { MessagePrecedence } from '../../../electron/core/messaging/ess-attributes.js';
import { ID_DATA } from '../../../electron/core/messaging/message-oids.js';
import { softwareEcSigner } from '../../support/software-signer.js';
import { pemToDer } from '../../support/softhsm/test-pki.js';

const pki = path.resolve(import.meta.dirname, '../../vectors/container/pki');
const certificate = (name: string): Uint8Array => new Uint8Array(pemToDer(readFileSync(path.join(pki, `${name}.pem`), 'utf8')));

describe('encoded elements', () => {
  it('a certificate set of encoded certificates is the set the library writes from the parsed certificates', () => {
    const ders = [certificate('signer'), certificate('root')];
    const fromTrees = der(new CertificateSet(ders.map((item) => new CertificateChoices({ certificate: AsnConvert.parse(item, Certificate) }))));
    const encoded = der(new CertificateSet(ders.map((item) => new CertificateChoices({ certificate: encodedAs(Certificate, item) }))));
    assert.deepEqual(Buffer.from(encoded), Buffer.from(fromTrees));
  });

  it('a SET OF encoded attributes, and one alone, is what the library writes from the attributes', () => {
    const items = [attribute('1.2.3.4', new MessagePrecedence({ value: 4 })), attribute('1.2.3.5', new MessagePrecedence({ value: 1 }))];
    assert.deepEqual(Buffer.from(der(new AttributeSet(items.map((item) => encodedAs(Attribute, der(item)))))), Buffer.from(der(new AttributeSet(items))));
    assert.deepEqual(Buffer.from(der(encodedAs(Attribute, der(items[0] as Attribute)))), Buffer.from(der(items[0] as Attribute)));
  });

  it('a signed message carries the signer certificate as given and its attributes as signed, and is DER the library reads back unchanged', async () => {
    const signer = softwareEcSigner(path.join(pki, 'signer.key'), path.join(pki, 'signer.pem'));
    const signed = await signContent({ contentType: ID_DATA, content: new TextEncoder().encode('nội dung'), signer, chain: [certificate('root')], attributes: [], signingTime: new Date('2026-12-05T00:00:00Z') });
    const parsed = AsnConvert.parse(AsnConvert.parse(signed.signedData, ContentInfo).content, SignedData);
    assert.deepEqual([...(parsed.certificates ?? [])].map((choice) => Buffer.from(der(choice.certificate ?? {})).toString('hex')), [signer.certificateDer, certificate('root')].map((item) => Buffer.from(item).toString('hex')));
    assert.deepEqual(Buffer.from(der(new AttributeSet(parsed.signerInfos[0]?.signedAttrs ?? []))), Buffer.from(signed.signedAttributes));
    assert.deepEqual(Buffer.from(der(AsnConvert.parse(signed.signedData, ContentInfo))), Buffer.from(signed.signedData));
  });

  it("our own attributes, written from their values' DER without a parse back, are the bytes the library writes from each attribute", () => {
    const own = messageAttributes({ classification: 'toiMat', precedence: 'hoaToc', expiresAt: new Date('2027-01-01T00:00:00Z'), contentIdentifier: new TextEncoder().encode('x@airlock.invalid'), requestReceipt: true }, certificate('signer'));
    const fast = sortedOwnAttributes(own).map((item) => Buffer.from(der(item)).toString('hex'));
    assert.deepEqual(fast, sortedAttributes(own).map((item) => Buffer.from(der(item)).toString('hex')));
    assert.deepEqual(fast, own.map((item) => Buffer.from(der(item)).toString('hex')).sort());
    // Not made by attribute() (a value received from elsewhere, here in BER of indefinite length):
    // the library's own path, the value parsed and written again, which writes the SEQUENCE and SET around it indefinite too.
    const received = new Attribute({ attrType: '1.2.3.4', attrValues: [new Uint8Array(Buffer.from('30800201050000', 'hex')).buffer] });
    assert.equal(Buffer.from(der(sortedOwnAttributes([received])[0] as Attribute)).toString('hex'), '308006032a030431803080020105000000000000');
  });

  it('is written only: reading into one is refused', () => {
    const value = encodedAs(Certificate, certificate('signer')) as unknown as { fromASN: () => unknown };
    assert.throws(() => value.fromASN(), /written, never read/);
  });
});
