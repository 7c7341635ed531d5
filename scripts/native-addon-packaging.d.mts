/** The entries of a top-level YAML list (scripts/native-addon-packaging.mjs). */
export function yamlList(text: string, key: string): string[];
/** What is wrong with electron-builder.yml for the addon at `addonFile`; [] when nothing. */
export function addonPackagingProblems(builderYml: string, addonFile: string): string[];
