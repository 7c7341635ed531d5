import { DEFAULT_LANGUAGE, translatorFor } from '../i18n/catalog.js';

/**
 * Without the bridge there is no core to ask for the language, so the message comes in
 * Vietnamese first and English after it.
 */
export function BridgeMissing() {
  const vi = translatorFor(DEFAULT_LANGUAGE);
  const en = translatorFor('en');
  return (
    <main className="bridge-missing">
      <h1>{vi('bridge.missing.title')}</h1>
      <p className="prose">{vi('bridge.missing.body')}</p>
      <div lang="en" className="bridge-missing__second">
        <h2>{en('bridge.missing.title')}</h2>
        <p className="prose">{en('bridge.missing.body')}</p>
      </div>
    </main>
  );
}
