/** One entry of tests/vectors/signing/vectors.json. */
export interface SigningVector {
  readonly file: string;
  /** For a .p7s: the file it is checked against. */
  readonly content?: string;
  readonly description: string;
  readonly expect: { readonly valid: boolean; readonly problem?: string; readonly coverage?: readonly string[] };
}
