import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CLASSIFICATION_LEVELS, type Classification } from '../../shared/domain/classification.js';

export const COMMANDS = ['encrypt', 'decrypt', 'verify', 'inspect', 'sign', 'verify-signature'] as const;
export type Command = (typeof COMMANDS)[number];

export interface CliArgs {
  readonly command: Command;
  readonly input: string;
  readonly output: string | undefined;
  readonly recipients: readonly string[];
  readonly level: Classification;
  readonly caveats: readonly string[];
  readonly originator: string | undefined;
  readonly declassifyOn: string | null;
  readonly token: string | undefined;
  readonly pinEnv: string | undefined;
  /** Read the PIN from the first line of stdin (a pipe from a secrets tool; not visible in /proc/<pid>/environ). */
  readonly pinStdin: boolean;
  readonly crls: readonly string[];
  readonly json: boolean;
  /** sign: pades (a PDF's own signature) or p7s (a detached signature file); default by the file's extension. */
  readonly format: 'pades' | 'p7s' | undefined;
  /** sign: which key of the token, when it holds an RSA and an EC one (default: the document signing key, docs/signing.md "Which key signs"). */
  readonly key: 'rsa' | 'ec' | undefined;
  /** verify-signature: the signed file, when --in is a .p7s. */
  readonly content: string | undefined;
  /** sign --visible PAGE,X,Y,W,H: the block's page (1 = the first, as --visible is typed) and rectangle in PDF points. */
  readonly visible: { readonly page: number; readonly x: number; readonly y: number; readonly width: number; readonly height: number } | undefined;
  /** sign --tsa URL: the timestamp authority (PAdES B-T, CAdES-T). */
  readonly tsa: string | undefined;
}

export class UsageError extends Error {}

export const USAGE = `airlock <encrypt|decrypt|verify|inspect|sign|verify-signature> --in FILE [options]
  encrypt  --in FILE --out FILE.alc --to CERT.pem [--to …] --level unclassified|mat|toiMat|tuyetMat
           --originator TEXT [--caveat TEXT …] [--declassify-on YYYY-MM-DD]
  decrypt  --in FILE.alc --out FILE        (written only after every check passed)
  verify   --in FILE.alc                   (every chunk and the signature; nothing written)
  inspect  --in FILE.alc                   (label, recipients, claimed signer; no token needed)
  sign     --in FILE [--out FILE] [--format pades|p7s] [--key rsa|ec] [--visible PAGE,X,Y,W,H] [--tsa URL]
           (a PDF gets a PAdES signature as "FILE (đã ký).pdf", any other file a detached FILE.p7s;
           --visible: the signer's block on page PAGE (1 = first), lower-left X,Y, width W, height H in
           points (1/72 in); --tsa: an RFC 3161 timestamp from that authority, or no signature at all;
           never over an existing file: a taken name becomes "x (2)")
           a key that asks its PIN for each signature: the second line of stdin with --pin-stdin,
           else AIRLOCK_SIGN_PIN, else asked on the terminal (not echoed)
  verify-signature --in FILE.pdf | --in FILE.p7s --content FILE   (no token needed)
airlock messaging add-user …               (the cipher officer's hand-over; airlock messaging for its options)
airlock backup init|run|list|restore|check|drill|forget|prune|keys … --known FILE (backups; airlock backup for its options)
Token: --token LABEL-OR-SERIAL (default: the only one present); PIN from the first line of stdin
  with --pin-stdin, else from the variable named by --pin-env (default AIRLOCK_PIN), else asked
  on the terminal (not echoed); a PIN-pad reader needs none. Trust: AIRLOCK_TRUST_ANCHORS,
  AIRLOCK_TRUST_INTERMEDIATES, --crl FILE …, AIRLOCK_PKCS11_MODULES.
Audit: encrypt, verify, decrypt, sign and verify-signature are recorded in the workstation's audit log (its inbox, moved
  into the chain at the app's next unlock) in AIRLOCK_DATA_DIR, else the app's store folder; a
  machine without one reports "audited": false.
--json: one JSON object on stdout. Exit codes: 0 ok, 2 usage, 3 token or PIN, 4 not a recipient,
  5 damaged, unsigned or untrusted container or signature, 10 the timestamp authority failed (sign --tsa:
  nothing written), 130 interrupted (Ctrl-C: nothing is left behind),
  1 anything else. Progress goes to stderr when it is a terminal.`;

/** Options shared by every command that uses the token. */
export const TOKEN_OPTIONS = {
  token: { type: 'string' },
  'pin-env': { type: 'string' },
  'pin-stdin': { type: 'boolean' },
  json: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

/** node:util's strict parse, its complaints as usage errors. */
export function strictOptions<T extends NonNullable<ParseArgsConfig['options']>>(args: readonly string[], options: T): ReturnType<typeof parseArgs<{ args: string[]; strict: true; options: T }>>['values'] {
  try {
    return parseArgs({ args: [...args], strict: true, options }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export function parseCliArgs(argv: readonly string[]): CliArgs {
  const [command, ...rest] = argv;
  if (!(COMMANDS as readonly string[]).includes(command ?? '')) throw new UsageError(`unknown command ${command ?? '(none)'}`);
  const parsed = strictOptions(rest, {
    in: { type: 'string' },
    out: { type: 'string' },
    to: { type: 'string', multiple: true },
    level: { type: 'string' },
    caveat: { type: 'string', multiple: true },
    originator: { type: 'string' },
    'declassify-on': { type: 'string' },
    crl: { type: 'string', multiple: true },
    format: { type: 'string' },
    key: { type: 'string' },
    content: { type: 'string' },
    visible: { type: 'string' },
    tsa: { type: 'string' },
    ...TOKEN_OPTIONS,
  });
  const input = parsed.in;
  if (input === undefined) throw new UsageError('--in is required');
  const level = parsed.level ?? 'unclassified';
  if (!(CLASSIFICATION_LEVELS as readonly string[]).includes(level)) throw new UsageError(`--level must be one of ${CLASSIFICATION_LEVELS.join(', ')}`);
  const args: CliArgs = {
    command: command as Command,
    input,
    output: parsed.out,
    recipients: parsed.to ?? [],
    level: level as Classification,
    caveats: parsed.caveat ?? [],
    originator: parsed.originator,
    declassifyOn: parsed['declassify-on'] ?? null,
    token: parsed.token,
    pinEnv: parsed['pin-env'],
    pinStdin: parsed['pin-stdin'] === true,
    crls: parsed.crl ?? [],
    json: parsed.json === true,
    format: oneOf('--format', parsed.format, ['pades', 'p7s'] as const),
    key: oneOf('--key', parsed.key, ['rsa', 'ec'] as const),
    content: parsed.content,
    visible: parsed.visible === undefined ? undefined : visibleBox(parsed.visible),
    tsa: parsed.tsa,
  };
  if ((args.command === 'encrypt' || args.command === 'decrypt') && args.output === undefined) throw new UsageError('--out is required');
  if (args.command === 'encrypt' && (args.recipients.length === 0 || args.originator === undefined)) throw new UsageError('encrypt needs --to and --originator');
  return args;
}

/** "PAGE,X,Y,W,H": five numbers, the page a whole number from 1; whether the box fits the page is the signer's check. */
function visibleBox(value: string): NonNullable<CliArgs['visible']> {
  const parts = value.split(',').map((part) => (part.trim() === '' ? Number.NaN : Number(part)));
  const [page, x, y, width, height] = parts;
  if (parts.length !== 5 || page === undefined || x === undefined || y === undefined || width === undefined || height === undefined || !parts.every(Number.isFinite) || !Number.isInteger(page) || page < 1) {
    throw new UsageError('--visible must be PAGE,X,Y,W,H (page from 1, the rest in points)');
  }
  return { page, x, y, width, height };
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined || (allowed as readonly string[]).includes(value)) return value as T | undefined;
  throw new UsageError(`${name} must be one of ${allowed.join(', ')}`);
}
