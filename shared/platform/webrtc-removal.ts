/**
 * Deletes every WebRTC interface (RTCPeerConnection, RTCDataChannel, RTCSessionDescription,
 * RTCIceCandidate… and the webkit-prefixed names) from the global object it runs in, and returns
 * the names still there (none). CSP does not govern WebRTC, so a script in the page could
 * otherwise send STUN datagrams to any address it names.
 *
 * Self-contained on purpose: Electron serialises it into the page's main world
 * (contextBridge.executeInMainWorld), where nothing from this module exists.
 */
export function removeWebRtc(): string[] {
  const global = globalThis as unknown as Record<string, unknown>;
  const left: string[] = [];
  for (const name of Object.getOwnPropertyNames(global)) {
    if (!/^(webkit)?RTC/.test(name)) continue;
    // Reflect answers false for a non-configurable property instead of throwing.
    if (!Reflect.deleteProperty(global, name)) left.push(name);
  }
  return left;
}
