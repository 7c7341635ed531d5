/** The entries of a top-level YAML list (scripts/native-addon-packaging.mjs). */
export function yamlList(text: string, key: string): string[];
/** What is wrong with electron-builder.yml for the addon at `addonFile`; [] when nothing. */
export function addonPackagingProblems(builderYml: string, addonFile: string): string[];
/** The asarUnpack entry that keeps the zstd binding out of app.asar. */
export const ZSTD_UNPACK: string;
/** What is wrong with electron-builder.yml for the zstd binding; [] when nothing. */
export function zstdPackagingProblems(builderYml: string): string[];
