import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ERROR_CODES } from '../../shared/ipc/errors.js';
import { CLASSIFICATION_LEVELS } from '../../shared/domain/classification.js';
import { LANGUAGES as SHARED_LANGUAGES, DEFAULT_LANGUAGE as SHARED_DEFAULT } from '../../shared/domain/language.js';
import { catalogs, DEFAULT_LANGUAGE, errorMessageKey, LANGUAGES, translate } from '../../renderer/src/i18n/catalog.js';

describe('UI catalogs (Vietnamese first, English second)', () => {
  it('have the same keys in both languages and no empty text', () => {
    assert.deepEqual(Object.keys(catalogs.en).sort(), Object.keys(catalogs.vi).sort());
    for (const [language, catalog] of Object.entries(catalogs)) {
      for (const [key, text] of Object.entries(catalog)) assert.ok(text.trim().length > 0, `${language}.${key} is empty`);
    }
  });

  it('keep the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(catalogs.vi) as (keyof typeof catalogs.vi)[]) {
      assert.deepEqual(placeholders(catalogs.en[key]), placeholders(catalogs.vi[key]), key);
    }
  });

  it('translate every error code and classification level, and differ between the languages', () => {
    for (const code of ERROR_CODES) {
      const key = errorMessageKey({ code, messageKey: `error.${code}` });
      assert.equal(key, `error.${code}`);
      assert.notEqual(translate('vi', key), translate('en', key), code);
    }
    for (const level of CLASSIFICATION_LEVELS) assert.ok(catalogs.vi[`classification.${level}`], level);
  });

  it('never shows an unknown message key from the main process; falls back to the generic error', () => {
    assert.equal(errorMessageKey({ code: 'ipc.internal', messageKey: 'error.<script>' as 'error.ipc.internal' }), 'error.ipc.internal');
    assert.equal(errorMessageKey({ code: 'ipc.unavailable', messageKey: 'lock.title' as 'error.ipc.internal' }), 'error.ipc.unavailable');
  });

  it('agree with the shared domain on the languages and the default (restated to keep zod out of the bundle)', () => {
    assert.deepEqual([...LANGUAGES].sort(), [...SHARED_LANGUAGES].sort());
    assert.equal(DEFAULT_LANGUAGE, SHARED_DEFAULT);
    assert.equal(LANGUAGES[0], 'vi');
  });
});
