// The packaged app's native addons. The field cipher's (docs/store.md "Sealed values"): electron-builder.yml
// must put the built native/field-aead/build/Release/field_aead.node into the package (`files`) and keep
// it out of app.asar (`asarUnpack`), where the operating system could not load it; without either the
// packaged app silently runs on node:crypto. The zstd binding's (docs/backup-repository.md
// "Compression"): a dependency, so packaged with node_modules, but its platform package's .node file
// must be unpacked too, or no backup could be written or read. Used by `npm run scan:electron` and
// the unit tests.

/** The entries of a top-level YAML list (`key:` then `  - entry` lines), quotes removed, comments skipped. */
export function yamlList(text, key) {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trimEnd() === `${key}:`);
  if (start === -1) return [];
  const entries = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\s*(#.*)?$/.test(line)) continue;
    const entry = /^\s+-\s+(.*?)\s*$/.exec(line);
    if (entry === null) break;
    entries.push(entry[1].replace(/^(["'])(.*)\1$/, '$2'));
  }
  return entries;
}

/** What is wrong with the package configuration for the addon at `addonFile` (repository path); [] when nothing. */
export function addonPackagingProblems(builderYml, addonFile) {
  const problems = [];
  if (!yamlList(builderYml, 'files').includes(addonFile)) problems.push(`electron-builder.yml: "files" does not list ${addonFile}; the packaged app would run on node:crypto`);
  if (!yamlList(builderYml, 'asarUnpack').includes(addonFile)) problems.push(`electron-builder.yml: "asarUnpack" does not list ${addonFile}; inside app.asar it cannot be loaded`);
  return problems;
}

/** The asarUnpack entry that keeps the zstd binding (@mongodb-js/zstd and its platform package, a .node file) out of app.asar. */
export const ZSTD_UNPACK = '**/node_modules/@mongodb-js/**';

/** What is wrong with the package configuration for the zstd binding; [] when nothing. */
export function zstdPackagingProblems(builderYml) {
  if (yamlList(builderYml, 'asarUnpack').includes(ZSTD_UNPACK)) return [];
  return [`electron-builder.yml: "asarUnpack" does not list ${ZSTD_UNPACK}; inside app.asar the zstd binding cannot be loaded and no backup could be written or read`];
}
