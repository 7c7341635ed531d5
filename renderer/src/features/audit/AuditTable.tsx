import { useId } from 'react';
import type { AuditEntryView } from '../../../../shared/domain/audit.js';
import type { Language } from '../../../../shared/domain/language.js';
import type { ZoneSummary } from '../../../../shared/domain/zone.js';
import { auditRange, type AuditFilter } from './audit-filter.js';
import type { Translate } from '../../i18n/catalog.js';
import { formatMoment } from '../../i18n/format.js';
import { useT } from '../../use-t.js';
import { useAirlock } from '../../store-context.js';
import { auditDetails, daysInWords, RESULT_SEVERITY } from './audit-view.js';
import { DetailList } from '../../components/DetailList.js';
import { TechnicalDetails } from '../../components/TechnicalDetails.js';
import { StatusIcon } from '../../components/StatusIcon.js';

const NO_ZONES: readonly ZoneSummary[] = [];

/** Says which entries the table holds: the days (last one included), and the event and result if filtered. */
function captionOf(t: Translate, language: Language, filter: AuditFilter): string {
  const range = auditRange(filter);
  const parts = typeof range === 'string' ? [] : [t('audit.table.caption', daysInWords(language, range))];
  if (filter.kind !== null) parts.push(t('audit.table.onlyKind', { kind: t(`audit.kind.${filter.kind}`) }));
  if (filter.result !== null) parts.push(t('audit.table.onlyResult', { result: t(`audit.result.${filter.result}`) }));
  return parts.join(' ');
}

/**
 * The entries as a real table, so a screen reader names each cell's column and row. The table
 * scrolls sideways inside its own focusable, labelled box when it cannot fit (large text, narrow
 * window), never the page; keyboard users scroll it with the arrow keys once it has focus.
 */
export function AuditTable({ entries, filter }: { entries: readonly AuditEntryView[]; filter: AuditFilter }) {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const captionId = useId();
  const zones = useAirlock((state) => state.zonesOverview?.zones ?? NO_ZONES);

  return (
    <div className="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="audit-table">
        <caption id={captionId} className="audit-table__caption">
          {captionOf(t, language, filter)}
        </caption>
        <thead>
          <tr>
            <th scope="col">
              {/* "#" is read out as a symbol; the column's name is said in words instead. */}
              <span aria-hidden="true">{t('audit.column.seqShort')}</span>
              <span className="visually-hidden">{t('audit.column.seq')}</span>
            </th>
            <th scope="col">{t('audit.column.time')}</th>
            <th scope="col">{t('audit.column.kind')}</th>
            <th scope="col">{t('audit.column.result')}</th>
            <th scope="col">{t('audit.column.details')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => {
            const moment = formatMoment(language, entry.at, { seconds: true });
            const details = auditDetails(t, language, entry, { zoneName: (id) => zones.find((zone) => zone.id === id)?.name[language] });
            return (
              <tr key={entry.seq}>
                {/* The entry's number heads its row: it is what the integrity check names. */}
                <th scope="row" className="audit-table__seq">
                  {entry.seq}
                </th>
                <td className="audit-table__time">
                  {moment === null ? (
                    entry.at
                  ) : (
                    <time dateTime={entry.at}>
                      <span className="audit-table__date">{moment.date}</span> <span className="audit-table__clock">{moment.time}</span>
                    </time>
                  )}
                </td>
                <td className="audit-table__kind">{t(`audit.kind.${entry.kind}`)}</td>
                <td>
                  <span className={`audit-result audit-result--${RESULT_SEVERITY[entry.result]}`}>
                    <StatusIcon severity={RESULT_SEVERITY[entry.result]} />
                    <span>{t(`audit.result.${entry.result}`)}</span>
                  </span>
                </td>
                <td className="audit-table__details">
                  {details.plain.length === 0 && details.technical.length === 0 && t('audit.details.none')}
                  {details.plain.length > 0 && <DetailList details={details.plain} className="audit-details" />}
                  {/* Hashes, signatures, fingerprints: for the inspector, folded so they do not crowd the words. */}
                  <TechnicalDetails details={details.technical} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
