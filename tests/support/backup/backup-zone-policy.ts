import { zonePolicy } from '../../../tools/training-kit/zones/zone-policy.js';
import { STAND_IN_ZONES } from '../stand-in-zone-helper.js';

// A zone policy (unsigned, as the schema sees it) with zones of given ceilings and the backup targets given.
export function zonePolicyWith(zones: Readonly<Record<string, string>>, backupTargets?: readonly unknown[]): Record<string, unknown> {
  return {
    format: 'airlock-zone-policy/1',
    serial: 1,
    issuedAt: '2026-01-01T00:00:00Z',
    validUntil: '2027-01-01T00:00:00Z',
    coolDownSeconds: 30,
    otherInterfaces: 'cut',
    zones: Object.entries(zones).map(([id, highestClassification], index) => ({
      id,
      name: { vi: id, en: id },
      colour: '#445566',
      highestClassification,
      interfaces: [{ name: `eth${index}`, address: `192.0.2.${index + 2}/24` }],
      dns: [],
      services: [],
    })),
    transfers: [],
    ...(backupTargets === undefined ? {} : { backupTargets }),
  };
}

/**
 * The training kit's three zones (stand-in addresses) with the organisation's recovery certificate and
 * one removable-media target `usb` (up to Mật) that the office LAN and the Internet zone may use, the
 * cipher network not: what the backup service and command line tests sign.
 */
export function usbBackupPolicy(recoveryCertificateDer: Uint8Array): Record<string, unknown> {
  return zonePolicy(STAND_IN_ZONES, (policy) => {
    policy.recoveryCertificate = Buffer.from(recoveryCertificateDer).toString('base64');
    policy.backupTargets = [{ id: 'usb', name: { vi: 'Ổ USB của phòng', en: 'The office USB drive' }, place: { kind: 'removableMedia' }, highestClassification: 'mat', zones: ['van-phong', 'internet'] }];
  });
}

/**
 * The training kit's three zones (stand-in addresses) with the organisation's recovery certificate and
 * one object-store target `cluster` (the messaging cluster's bucket `bucket`, up to Mật) that only the
 * office LAN may use: the cipher network (which has messaging too) and the Internet zone may not.
 */
export function objectStoreBackupPolicy(recoveryCertificateDer: Uint8Array, bucket: string): Record<string, unknown> {
  return zonePolicy(STAND_IN_ZONES, (policy) => {
    policy.recoveryCertificate = Buffer.from(recoveryCertificateDer).toString('base64');
    policy.backupTargets = [{ id: 'cluster', name: { vi: 'Máy chủ tin nhắn của cơ quan (lưu nhiều bản)', en: 'The office’s messaging servers (several copies)' }, place: { kind: 'objectStore', bucket }, highestClassification: 'mat', zones: ['van-phong'] }];
  });
}
