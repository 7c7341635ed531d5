import type { BackupTargetView } from '../../../../shared/domain/backup.js';
import type { KeyHolderView } from '../../../../shared/domain/backup-key-holders.js';
import { ConfirmRow } from '../../components/ConfirmRow.js';
import { FileChooser } from '../../components/FileChooser.js';
import { hexPairs } from '../../components/certificate-view.js';
import { StatusLine } from '../../components/StatusLine.js';
import { useAirlock } from '../../store-context.js';
import { useT } from '../../use-t.js';
import { formatWhen } from './backup-words.js';

/**
 * "Người giữ khoá" / "Key holders" (docs/backup-repository.md "Keys"): who can open the backups at
 * the chosen place, adding a colleague from a certificate file, removing one after a confirmation
 * that says plainly what removal does not undo, and a new key for new data. Read on request: each
 * answer opens the backups with the token.
 */
export function KeyHolders({ target }: { target: BackupTargetView }) {
  const t = useT();
  const holders = useAirlock((state) => (state.keyHoldersTarget === target.id ? state.keyHolders : null));
  const busy = useAirlock((state) => state.busy.keyHolders);
  const change = useAirlock((state) => state.keyHolderChange);
  const load = useAirlock((state) => state.loadKeyHolders);
  const add = useAirlock((state) => state.addKeyHolder);
  const ask = useAirlock((state) => state.askRemoveKeyHolder);
  const rekey = useAirlock((state) => state.rekeyBackups);
  return (
    <section aria-labelledby="backup-keys">
      <h2 id="backup-keys">{t('backups.keys.title')}</h2>
      <p className="prose">{t('backups.keys.intro')}</p>
      {target.repository === null ? (
        <p className="prose">{t('backups.keys.notYet')}</p>
      ) : holders === null ? (
        <button type="button" className="button" disabled={busy} onClick={() => void load()}>
          {t('backups.keys.show')}
        </button>
      ) : (
        <>
          <table className="backup-table">
            <caption className="prose">{t('backups.keys.generation', { number: holders.generation })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('backups.keys.col.who')}</th>
                <th scope="col">{t('backups.keys.col.role')}</th>
                <th scope="col">{t('backups.keys.col.added')}</th>
                <th scope="col">{t('backups.keys.col.fingerprint')}</th>
                <th scope="col">{t('backups.keys.col.remove')}</th>
              </tr>
            </thead>
            <tbody>
              {holders.holders.map((holder) => (
                <HolderRow key={holder.fingerprint} holder={holder} busy={busy} onRemove={() => ask(holder.fingerprint)} />
              ))}
            </tbody>
          </table>
          <RemoveConfirmation holders={holders.holders} />
          <div role="status">
            {change !== null && (
              <StatusLine severity="ok">
                <p>{t(`backups.keys.done.${change}`)}</p>
              </StatusLine>
            )}
          </div>
          <h3>{t('backups.keys.addTitle')}</h3>
          <p className="prose">{t('backups.keys.addHint')}</p>
          <FileChooser label={t('backups.keys.add')} purpose="plaintext" accept=".pem,.crt,.cer,.der" onChosen={([file]) => file !== undefined && !busy && void add(file)} />
          <h3>{t('backups.keys.rekeyTitle')}</h3>
          <p className="prose">{t('backups.keys.rekeyHint')}</p>
          <button type="button" className="button" disabled={busy} onClick={() => void rekey()}>
            {t('backups.keys.rekey')}
          </button>
        </>
      )}
    </section>
  );
}

function HolderRow({ holder, busy, onRemove }: { holder: KeyHolderView; busy: boolean; onRemove: () => void }) {
  const t = useT();
  const language = useAirlock((state) => state.language);
  return (
    <tr>
      <td>
        {holder.subject}
        {holder.you && <> {t('backups.keys.you')}</>}
      </td>
      <td>{t(`backups.keys.role.${holder.role}`)}</td>
      <td>{formatWhen(language, holder.added)}</td>
      <td className="hex">{hexPairs(holder.fingerprint)}</td>
      <td>
        {holder.required ? (
          t('backups.keys.required')
        ) : (
          <button type="button" className="button" disabled={busy} aria-label={t('backups.keys.removeWho', { name: holder.subject })} onClick={onRemove}>
            {t('backups.keys.remove')}
          </button>
        )}
      </td>
    </tr>
  );
}

/** Says what removing does and does not do before anything is removed; focused when it opens. */
function RemoveConfirmation({ holders }: { holders: readonly KeyHolderView[] }) {
  const t = useT();
  const removing = useAirlock((state) => state.keyHolderRemoving);
  const busy = useAirlock((state) => state.busy.keyHolders);
  const ask = useAirlock((state) => state.askRemoveKeyHolder);
  const confirm = useAirlock((state) => state.confirmRemoveKeyHolder);
  const holder = holders.find((item) => item.fingerprint === removing);
  if (holder === undefined) return null;
  // Keyed by the holder: asked about another one, it is a new question and takes focus again.
  return (
    <ConfirmRow
      key={holder.fingerprint}
      id="backup-key-remove"
      title={t('backups.keys.confirmTitle', { name: holder.subject })}
      confirm={t('backups.keys.confirmRemove')}
      cancel={t('backups.keys.confirmKeep')}
      busy={busy}
      onConfirm={() => void confirm()}
      onCancel={() => ask(null)}
    >
      <p>{t('backups.keys.confirmDoes')}</p>
      <p>{t('backups.keys.confirmDoesNot')}</p>
    </ConfirmRow>
  );
}
