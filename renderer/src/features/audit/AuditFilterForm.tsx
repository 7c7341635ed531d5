import { useId, useRef, useState, type FormEvent } from 'react';
import { AUDIT_KINDS, AUDIT_RESULTS, auditRange, isAuditKind, isAuditResult, isDay, type AuditFilter, type AuditRangeProblem } from './audit-filter.js';
import { FormRow } from '../../components/FormRow.js';
import { parseTypedDay, typedDayOf } from './typed-day.js';
import { useT } from '../../use-t.js';
import { useAirlock } from '../../store-context.js';

/** The select value for "all"; no kind or result is spelt like this. */
const ALL = 'all';

/**
 * Days, event and result, applied with "Lọc". Nothing is asked until the user applies, so the
 * table never changes under the reader while they are still choosing.
 */
export function AuditFilterForm({ initial }: { initial: AuditFilter }) {
  const t = useT();
  const queryAudit = useAirlock((state) => state.queryAudit);
  const [draft, setDraft] = useState(initial);
  // The days as typed (day/month/year); read into the draft's 'YYYY-MM-DD' when the user applies.
  const [typed, setTyped] = useState({ from: typedDayOf(initial.fromDate), to: typedDayOf(initial.toDate) });
  const [problem, setProblem] = useState<AuditRangeProblem | null>(null);
  const fromField = useRef<HTMLInputElement>(null);
  const headingId = useId();
  const problemId = useId();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // A day that is not one reaches auditRange as '' and is named there as a bad date.
    const filter = { ...draft, fromDate: parseTypedDay(typed.from) ?? '', toDate: parseTypedDay(typed.to) ?? '' };
    setDraft(filter);
    const range = auditRange(filter);
    if (typeof range === 'string') {
      setProblem(range);
      fromField.current?.focus();
      return;
    }
    setProblem(null);
    void queryAudit(filter);
  };

  // A bad day marks the field that holds it; days in the wrong order mark both.
  const invalidFrom = problem === 'audit.filter.fromAfterTo' || (problem !== null && !isDay(parseTypedDay(typed.from) ?? ''));
  const invalidTo = problem === 'audit.filter.fromAfterTo' || (problem !== null && !isDay(parseTypedDay(typed.to) ?? ''));
  // A select's row: "all" or one of `values`, each named by `label`.
  const choice = <V extends string>(label: string, value: V | null, values: readonly V[], name: (value: V) => string, pick: (value: string) => void) => (
    <FormRow label={label} className="audit-filter__field">
      {(field) => (
        <select {...field} value={value ?? ALL} onChange={(event) => pick(event.target.value)}>
          <option value={ALL}>{t('audit.filter.all')}</option>
          {values.map((item) => (
            <option key={item} value={item}>
              {name(item)}
            </option>
          ))}
        </select>
      )}
    </FormRow>
  );

  return (
    <form className="audit-filter" noValidate aria-labelledby={headingId} onSubmit={onSubmit}>
      <h2 id={headingId} className="audit-filter__heading">
        {t('audit.filter.heading')}
      </h2>
      <div className="audit-filter__fields">
        <FormRow label={t('audit.filter.from')} hint={t('audit.filter.dayHint')} className="audit-filter__field" invalid={invalidFrom} describedBy={invalidFrom ? [problemId] : []}>
          {(field) => <input {...field} ref={fromField} type="text" inputMode="numeric" autoComplete="off" spellCheck={false} value={typed.from} onChange={(event) => setTyped({ ...typed, from: event.target.value })} />}
        </FormRow>
        <FormRow label={t('audit.filter.to')} hint={t('audit.filter.dayHint')} className="audit-filter__field" invalid={invalidTo} describedBy={invalidTo ? [problemId] : []}>
          {(field) => <input {...field} type="text" inputMode="numeric" autoComplete="off" spellCheck={false} value={typed.to} onChange={(event) => setTyped({ ...typed, to: event.target.value })} />}
        </FormRow>
        {choice(t('audit.filter.kind'), draft.kind, AUDIT_KINDS, (kind) => t(`audit.kind.${kind}`), (value) => setDraft({ ...draft, kind: isAuditKind(value) ? value : null }))}
        {choice(t('audit.filter.result'), draft.result, AUDIT_RESULTS, (result) => t(`audit.result.${result}`), (value) => setDraft({ ...draft, result: isAuditResult(value) ? value : null }))}
      </div>
      <div role="alert" className="field-problem-region">
        {problem !== null && (
          <p id={problemId} className="field-problem">
            {t(problem)}
          </p>
        )}
      </div>
      <button type="submit" className="button button--primary">
        {t('audit.filter.apply')}
      </button>
    </form>
  );
}
