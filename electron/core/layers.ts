/**
 * The layers of the core, lowest first: the one place that says which capability may import which
 * (tests/unit/core-layers.test.ts enforces it, docs/architecture.md explains it). A module may
 * import its own folder and any folder of a LOWER layer; never a higher layer, never another folder
 * of its own layer. A lower capability that must report upward gets a port (a callback or an
 * interface it declares), e.g. the PIN change (token/) audits through `AuditRecorder`.
 */
export const CORE_LAYERS = [
  // Files at the root of electron/core: errors, the event bus, ports, this list.
  ['kernel'],
  // Generic machinery: field cipher and key wrapping; the IPC dispatcher.
  ['crypto', 'ipc'],
  ['certificates'],
  ['signing'],
  ['token'],
  ['store'],
  ['audit'],
  ['vault'],
  ['settings', 'directory'],
  ['session'],
  ['zones'],
  ['documents'],
  // Signed, encrypted messages and receipts (CMS); attachments come from documents/. The transport's
  // connection closes with the zone it lives in (zones/zone-ports.ts).
  ['messaging'],
  // Signatures on documents (PAdES PDFs, detached .p7s; docs/signing.md): messaging's CMS builder and
  // verifier over a detached digest, documents/' outputs that never overwrite.
  ['document-signing'],
  // Encrypted backups (keyed chunker so far, issue #16); below training/, which will give the
  // training workstation a backup target.
  ['backup'],
  // The training workstation's profile (npm run training): what the lock screen's hint and the tour read.
  ['training'],
  // core.ts and services.ts: they list the capabilities and wire them.
  ['composition'],
] as const satisfies readonly (readonly string[])[];

export type CoreUnit = (typeof CORE_LAYERS)[number][number];

/** The root files that compose the core; every other root file is kernel. */
export const COMPOSITION_FILES: readonly string[] = ['core.ts', 'services.ts'];

/** The unit of a path relative to electron/core, e.g. 'zones/zone-switch.ts' → 'zones'. */
export function unitOf(relativePath: string): string {
  const [first, ...rest] = relativePath.split('/');
  if (rest.length > 0) return first ?? '';
  return COMPOSITION_FILES.includes(relativePath) ? 'composition' : 'kernel';
}

/** The layer index of a unit; undefined for a folder no layer lists (the test refuses those too). */
export function layerOf(unit: string): number | undefined {
  const index = CORE_LAYERS.findIndex((layer) => (layer as readonly string[]).includes(unit));
  return index < 0 ? undefined : index;
}

/** Why `from` may not import `to` (both relative to electron/core), or undefined when it may. */
export function layeringViolation(from: string, to: string): string | undefined {
  const [source, target] = [unitOf(from), unitOf(to)];
  if (source === target) return undefined;
  const [sourceLayer, targetLayer] = [layerOf(source), layerOf(target)];
  if (sourceLayer === undefined) return `${source}/ is in no layer of electron/core/layers.ts`;
  if (targetLayer === undefined) return `${target}/ is in no layer of electron/core/layers.ts`;
  if (targetLayer > sourceLayer) return `${source} (layer ${sourceLayer}) imports ${target} (layer ${targetLayer}), a higher layer`;
  if (targetLayer === sourceLayer) return `${source} and ${target} share layer ${sourceLayer}: neither may import the other`;
  return undefined;
}
