import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contract } from '../../shared/ipc/contract.js';
import { TITLED_CHANNELS, UNTITLED_CHANNELS } from '../../renderer/src/alerts.js';
import { alertTitleKey, catalogs } from '../../renderer/src/i18n/catalog.js';

// What can be checked by machine in the wording of the two catalogs (docs/ui.md, "Words"): the
// glossary's one word per concept, no English in the Vietnamese, clean spacing and punctuation.
// Each rule lists what it found in the catalog when it was written, so a loosened rule shows.

type Catalog = Readonly<Record<string, string>>;
const vi: Catalog = catalogs.vi;
const en: Catalog = catalogs.en;
const keys = Object.keys(vi);

/** The text without its `{placeholders}` and command names (airlock-audit-verify), which are names, not words. */
const words = (text: string) => text.replace(/\{\w+\}/g, ' ').replace(/\b[a-z]+(-[a-z]+)+\b/g, ' ');

/** [key, text] for each text in which `pattern` is found. */
function findIn(catalog: Catalog, pattern: RegExp): string[] {
  return Object.entries(catalog)
    .filter(([, text]) => pattern.test(words(text)))
    .map(([key, text]) => `${key}: ${text}`);
}

/**
 * English words that leaked into Vietnamese texts before. Allowed on purpose: proper names and
 * abbreviations the glossary explains where first met (Airlock, PIN, CRL, PKCS#11, PDF, DNS, SHA-256,
 * RSA, EC, MB, byte, bit), and "token" only in "thiết bị ký số (token)".
 */
const ENGLISH_IN_VI = [
  'clipboard', 'file', 'files', 'folder', 'export', 'import', 'click', 'email', 'password', 'error', 'cancel', 'job', 'link',
  'log', 'audit', 'policy', 'watchdog', 'guard', 'helper', 'switch', 'zone', 'viewer', 'plaintext', 'backup', 'checkpoint',
  'digest', 'hash', 'fingerprint', 'inbox', 'chunk', 'key', 'lock', 'unlock', 'driver', 'module', 'ok', 'online', 'offline',
];

/**
 * One word per concept (the glossary in docs/ui.md): each entry is a word no longer used and the
 * glossary's word for its concept. Vietnamese tone marks follow the old placement the catalog
 * chose throughout (hoá, khoá, huỷ), never both.
 */
const BANNED_VI: readonly (readonly [RegExp, string])[] = [
  [/khóa/i, 'khoá'],
  [/hóa/i, 'hoá'],
  [/hủy/i, 'huỷ'],
  [/hỏa/i, 'hoả (Hoả tốc)'],
  [/tùy/i, 'tuỳ'],
  [/chứng chỉ/i, 'chứng thư số'],
  [/nhật ký kiểm tra/i, 'Nhật ký hoạt động'],
  [/bản rõ/i, 'bản đã giải mã'],
  [/xuất bản/i, 'lưu ra tệp'],
  [/\bra đĩa\b/i, 'ra tệp'],
  [/bộ nhớ tạm/i, 'bảng tạm'],
  [/hồ sơ giải mật|hạ độ mật/i, 'biên bản giải mật'],
  [/mức mật/i, 'độ mật'],
  [/thành phần điều khiển mạng/i, 'bộ bảo vệ mạng'],
  [/bộ phận kỹ thuật|cán bộ kỹ thuật(?! phụ trách)/i, 'cán bộ kỹ thuật phụ trách'],
  [/(?<!trao )đổi khoá/i, 'mã hoá lại dữ liệu (beside "Khoá máy", "đổi khoá" read as changing the lock)'],
  [/(?<!\()\btoken\b|\btoken\b(?!\))/i, 'thiết bị ký số (token)'],
  [/(?<![Mm]ã )\bPIN\b/, 'mã PIN'],
  [/chưa thực hiện được/i, 'a title naming what failed'],
  [/danh bạ chứng thư(?! số)/i, 'danh bạ chứng thư số'],
];

const BANNED_EN: readonly (readonly [RegExp, string])[] = [
  [/plaintext/i, 'decrypted copy'],
  [/\bexport(ed|s)? (the )?(plaintext|to disk)|to disk\b/i, 'save to a file'],
  [/technical support|network control component/i, 'your technical officer / the network guard'],
  [/\brotat(e|ed|ing|ion)\b/i, 're-encrypt the data (beside "Lock workstation")'],
  [/\bthis computer\b/i, 'this workstation'],
  [/that did not work/i, 'a title naming what failed'],
  [/\bdowngrade\b/i, 'declassification'],
];

describe('catalog wording (vi and en): what a machine can check', () => {
  it('no English word in the Vietnamese texts', () => {
    const pattern = new RegExp(`\\b(${ENGLISH_IN_VI.join('|')})\\b`, 'i');
    assert.deepEqual(findIn(vi, pattern), []);
  });

  it('one word per concept: no banned synonym in vi or en', () => {
    const found = [
      ...BANNED_VI.flatMap(([pattern, use]) => findIn(vi, pattern).map((hit) => `vi ${hit}  → ${use}`)),
      ...BANNED_EN.flatMap(([pattern, use]) => findIn(en, pattern).map((hit) => `en ${hit}  → ${use}`)),
    ];
    assert.deepEqual(found, []);
  });

  it('no double space, no space at either end or before punctuation, one kind of quote and apostrophe', () => {
    const found = (['vi', 'en'] as const).flatMap((language) =>
      Object.entries(catalogs[language])
        // " .alc" is a file's ending, not a stray space.
        .filter(([, text]) => / {2}|^\s|\s$| [,;:!?)]| \.(?![a-z])|["']/.test(text))
        .map(([key, text]) => `${language}.${key}: ${JSON.stringify(text)}`),
    );
    assert.deepEqual(found, []);
  });

  it('a text ends as a sentence in one language exactly when it does in the other', () => {
    const sentence = (text: string) => /[.!?…]$/.test(text.trim());
    const found = keys.filter((key) => sentence(vi[key] ?? '') !== sentence(en[key] ?? '')).map((key) => `${key}: vi ${JSON.stringify(vi[key])} / en ${JSON.stringify(en[key])}`);
    assert.deepEqual(found, []);
  });

  it('within a family of messages (error.*, pinChange.*, …) where most end as sentences, all do', () => {
    const families = new Map<string, string[]>();
    for (const key of keys) {
      const family = key.split('.').slice(0, -1).join('.');
      families.set(family, [...(families.get(family) ?? []), key]);
    }
    const found = [...families.entries()].flatMap(([family, members]) => {
      if (members.length < 4) return [];
      const ended = members.filter((key) => /[.!?…]$/.test((vi[key] ?? '').trim()));
      // A clear majority sets the rule for the family; mixed families (labels and messages) are left alone.
      if (ended.length / members.length < 0.9) return [];
      return members.filter((key) => !ended.includes(key)).map((key) => `${family}: ${key} = ${JSON.stringify(vi[key])}`);
    });
    assert.deepEqual(found, []);
  });

  it('the Vietnamese and English texts differ, except names that are the same in both', () => {
    const same = keys.filter((key) => vi[key] === en[key] && !/^[A-Z0-9#{}./ -]+$/i.test(vi[key] ?? ''));
    assert.deepEqual(same, []);
  });

  it('every request whose failure can reach an alert has a title naming it; the rest show failures in their own section', () => {
    const channels = Object.entries(contract).flatMap(([domain, methods]) => Object.keys(methods).map((method) => `${domain}.${method}`));
    const listed: readonly string[] = [...TITLED_CHANNELS, ...UNTITLED_CHANNELS];
    assert.deepEqual(channels.filter((channel) => !listed.includes(channel)), [], 'a new channel must choose');
    const generic = TITLED_CHANNELS.filter((channel) => alertTitleKey({ code: 'ipc.internal', channel }) === 'alert.title');
    assert.deepEqual(generic, []);
  });
});
