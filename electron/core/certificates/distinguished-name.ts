import type { Name } from './x509.js';
import type { DistinguishedName, NameAttribute } from './types.js';

const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
  locality: '2.5.4.7',
  province: '2.5.4.8',
  country: '2.5.4.6',
  email: '1.2.840.113549.1.9.1',
} as const;

/** The short names @peculiar/x509 puts in `Name.toJSON()` instead of an OID. */
const PECULIAR_SHORT_NAMES: Readonly<Record<string, string>> = {
  CN: OID.commonName,
  L: OID.locality,
  ST: OID.province,
  O: OID.organization,
  OU: OID.organizationalUnit,
  C: OID.country,
  E: OID.email,
  DC: '0.9.2342.19200300.100.1.25',
  G: '2.5.4.42',
  I: '2.5.4.43',
  SN: '2.5.4.4',
  T: '2.5.4.12',
};

/** Display labels (RFC 4514 where it has one); Vietnamese certificates carry UID and serialNumber IDs. */
const LABELS: Readonly<Record<string, string>> = {
  [OID.commonName]: 'CN',
  [OID.organization]: 'O',
  [OID.organizationalUnit]: 'OU',
  [OID.locality]: 'L',
  [OID.province]: 'ST',
  [OID.country]: 'C',
  [OID.email]: 'E',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
  '2.5.4.5': 'SERIALNUMBER',
  '2.5.4.9': 'STREET',
  '2.5.4.12': 'T',
  '2.5.4.4': 'SN',
  '2.5.4.42': 'G',
  '2.5.4.43': 'I',
};

/** Attributes with a field of their own; everything else goes to `otherAttributes`. */
const STRUCTURED = new Set<string>(Object.values(OID));

interface Attribute {
  oid: string;
  value: string;
}

/** A structured, display-ready view of an X.501 name; nothing is dropped. */
export function describeName(name: Name): DistinguishedName {
  // toJSON keeps the RDN order and decodes UTF8String/BMPString/PrintableString values.
  const rdns: Attribute[][] = name.toJSON().map((rdn) =>
    Object.entries(rdn).flatMap(([type, values]) =>
      values.map((value) => ({ oid: PECULIAR_SHORT_NAMES[type] ?? type, value: value.normalize('NFC') })),
    ),
  );
  const all = rdns.flat();
  const first = (oid: string) => all.find((attribute) => attribute.oid === oid)?.value;
  const dn: DistinguishedName = {
    display: displayString(rdns),
    organizationalUnits: all.filter((attribute) => attribute.oid === OID.organizationalUnit).map((attribute) => attribute.value),
    otherAttributes: all.filter((attribute) => !STRUCTURED.has(attribute.oid)).map(withLabel),
  };
  assignDefined(dn, {
    commonName: first(OID.commonName),
    organization: first(OID.organization),
    locality: first(OID.locality),
    province: first(OID.province),
    country: first(OID.country),
    email: first(OID.email),
  });
  return dn;
}

function withLabel(attribute: Attribute): NameAttribute {
  const label = LABELS[attribute.oid];
  return label === undefined ? { ...attribute } : { ...attribute, label };
}

/** RFC 4514: most specific RDN first, multi-valued RDNs joined by "+"; UTF-8 kept as text. */
function displayString(rdns: Attribute[][]): string {
  return [...rdns]
    .reverse()
    .map((rdn) => rdn.map(({ oid, value }) => `${LABELS[oid] ?? oid}=${value.startsWith('#') ? value : escapeValue(value)}`).join('+'))
    .join(', ');
}

function escapeValue(value: string): string {
  return value
    .replace(/[,+"\\<>;]/g, '\\$&')
    .replace(/^[ #]/, '\\$&')
    .replace(/ $/, '\\ ');
}

/** Copies only the defined fields, so a serialised name has no `undefined` holes. */
function assignDefined<T extends object>(target: T, fields: Partial<T>): void {
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
}
