/**
 * Browser switches, for both shells, that leave WebRTC no way out (CSP does not govern it):
 * - the IP handling policy `disable_non_proxied_udp`: no UDP at all (no STUN, no UDP TURN); only
 *   TCP through a proxy;
 * - a proxy that cannot be reached: TURN over TCP would otherwise connect straight to the address
 *   a script names (seen in the e2e test); loopback goes through it too (`<-loopback>`);
 * - every host name resolves to nothing, without a DNS query: the app needs no name lookups.
 * The app's own files never touch the network (fulfilled from disk or served by the app: scheme).
 */
export const UNREACHABLE_PROXY = 'http://airlock-no-proxy.invalid:9';

export const NO_NETWORK_SWITCHES: ReadonlyArray<readonly [name: string, value: string]> = [
  ['proxy-server', UNREACHABLE_PROXY],
  ['proxy-bypass-list', '<-loopback>'],
  ['host-resolver-rules', 'MAP * ~NOTFOUND'],
];

/** Chromium reads this switch into its WebRTC policy preference; Electron sets it per webContents instead. */
export const WEBRTC_IP_HANDLING_POLICY = 'disable_non_proxied_udp';
