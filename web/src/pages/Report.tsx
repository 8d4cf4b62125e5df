import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type Session } from '../api';
import { leftText, urgency } from '../countdown';
import { lang, t, vocab, type MessageKey } from '../i18n';
import { navigate, useNow } from '../router';
import { formatTime, fromLocalInput, localInputToApi, toLocalInput } from '../time';
import {
  ASSETS,
  AVAILABILITY,
  CATEGORIES,
  DRAFT_KEY,
  IMPACTS,
  emptyDraft,
  loadDraft,
  reportBody,
  type Draft,
} from '../report';

const REPORT_SECONDS = 3600;

function Choice(props: {
  name: keyof Draft;
  label: MessageKey;
  prefix: string;
  codes: readonly string[];
  value: string;
  required?: boolean;
  onInput: (name: keyof Draft, v: string) => void;
}) {
  return (
    <p>
      <label for={`f-${props.name}`}>{t(props.label)}</label>
      <select
        id={`f-${props.name}`}
        name={props.name}
        value={props.value}
        required={props.required}
        onChange={(e) => props.onInput(props.name, (e.currentTarget as HTMLSelectElement).value)}
      >
        <option value="">{t('report.choose')}</option>
        {props.codes.map((c) => (
          <option key={c} value={c}>{vocab(props.prefix, c)}</option>
        ))}
      </select>
    </p>
  );
}

export function Report(props: { session: Session }) {
  const zone = props.session.time_zone;
  const [d, setD] = useState<Draft>(() => loadDraft(localStorage.getItem(DRAFT_KEY)) ?? emptyDraft(props.session.agency ?? '', toLocalInput(Date.now(), zone)));
  const [level, setLevel] = useState<{ level: number; major: boolean } | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const now = useNow();
  const seq = useRef(0);

  const set = (name: keyof Draft, v: string) => {
    setD((old) => {
      const next = { ...old, [name]: v };
      localStorage.setItem(DRAFT_KEY, JSON.stringify(next));
      return next;
    });
    setSaved(true);
  };

  /* the level, from the server's matrix, whenever the asset or an impact changes */
  useEffect(() => {
    if (!d.asset) {
      setLevel(null);
      return;
    }
    const mine = ++seq.current;
    const q: Record<string, string> = { asset: d.asset };
    if (d.confidentiality) q.confidentiality = d.confidentiality;
    if (d.integrity) q.integrity = d.integrity;
    if (d.availability) q.availability = d.availability;
    api
      .level(q)
      .then((r) => mine === seq.current && setLevel(r))
      .catch(() => mine === seq.current && setLevel(null));
  }, [d.asset, d.confidentiality, d.integrity, d.availability]);

  const aware = d.aware_at ? fromLocalInput(d.aware_at, zone) : NaN;
  const left = Number.isNaN(aware) ? null : Math.floor((aware + REPORT_SECONDS * 1000 - now) / 1000);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      const inc = await api.report(reportBody(d, localInputToApi));
      localStorage.removeItem(DRAFT_KEY);
      navigate(`/incidents/${encodeURIComponent(inc.id)}`);
    } catch (err) {
      setError(String((err as Error).message ?? err));
    } finally {
      setBusy(false);
    }
  };

  const clear = () => {
    localStorage.removeItem(DRAFT_KEY);
    setD(emptyDraft(props.session.agency ?? '', toLocalInput(Date.now(), zone)));
    setSaved(false);
  };

  const text = (name: keyof Draft, label: MessageKey, type: 'text' | 'datetime-local' = 'text', required = false) => (
    <p>
      <label for={`f-${name}`}>{t(label)}</label>
      <input
        id={`f-${name}`}
        name={name}
        type={type as "text"}
        required={required}
        value={d[name]}
        onInput={(e) => set(name, (e.currentTarget as HTMLInputElement).value)}
      />
    </p>
  );

  return (
    <>
      <h1>{t('report.title')}</h1>
      <p>{t('report.intro')}</p>
      <div class="clocks">
        <p class="clock" role="timer" aria-live="off" aria-label={t('report.clock')}>
          <span class="label">{t('report.clock')}</span>{' '}
          {left === null ? (
            <span>{t('report.clock.unset')}</span>
          ) : (
            <>
              <span class={`left ${urgency(left)}`} data-testid="report-countdown">{leftText(left, lang())}</span>{' '}
              <span class="due">{formatTime(new Date(aware + REPORT_SECONDS * 1000).toISOString(), zone, lang())}</span>
            </>
          )}
        </p>
        <p class="level" aria-live="polite">
          <span class="label">{t('report.level')}</span>{' '}
          <output name="level" data-testid="level">
            {level ? `${t('level.n', { n: level.level })}${level.major ? ` · ${t('level.major')}` : ''}` : t('report.level.pending')}
          </output>
        </p>
      </div>
      {error && <p class="error" role="alert">{t('report.failed', { msg: error })}</p>}
      <form onSubmit={submit} class="report">
        {text('title', 'report.field.title', 'text', true)}
        {!props.session.agency && text('agency', 'report.field.agency', 'text', true)}
        {text('aware_at', 'report.field.aware_at', 'datetime-local', true)}
        {text('occurred_at', 'report.field.occurred_at', 'datetime-local')}
        <Choice name="category" label="report.field.category" prefix="category" codes={CATEGORIES} value={d.category} onInput={set} />
        <Choice name="asset" label="report.field.asset" prefix="asset" codes={ASSETS} value={d.asset} required onInput={set} />
        <Choice name="confidentiality" label="report.field.confidentiality" prefix="impact" codes={IMPACTS} value={d.confidentiality} onInput={set} />
        <Choice name="integrity" label="report.field.integrity" prefix="impact" codes={IMPACTS} value={d.integrity} onInput={set} />
        <Choice name="availability" label="report.field.availability" prefix="avail" codes={AVAILABILITY} value={d.availability} onInput={set} />
        <p>
          <label for="f-description">{t('report.field.description')}</label>
          <textarea id="f-description" name="description" rows={5} value={d.description} onInput={(e) => set('description', (e.currentTarget as HTMLTextAreaElement).value)} />
        </p>
        {saved && <p class="note" role="status">{t('report.draft_saved')}</p>}
        <p class="actions">
          <button type="submit" disabled={busy}>{busy ? t('report.submitting') : t('report.submit')}</button>{' '}
          <button type="button" class="secondary" onClick={clear}>{t('report.clear_draft')}</button>
        </p>
      </form>
    </>
  );
}
