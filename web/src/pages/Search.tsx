// Intelligence search for the office: one value or many pasted at once
// (defanged accepted: the server reads them), each looked up within the
// caller's view (GET /indicators/search), with what relates it to each
// indicator found, its sources and sightings, and a pivot: search a
// found indicator's value in turn.
import { useState } from 'preact/hooks';
import { api, indicatorPath, type IndicatorHit, type Session } from '../api';
import { linkClick } from '../router';
import { lang, t, vocab } from '../i18n';
import { formatTime } from '../time';
import { errorText, Field, Table } from '../ui';
import { pastedValues } from '../work';

interface Answer {
  value: string;
  hits: IndicatorHit[];
  error?: string;
}

export function Search(props: { session: Session }) {
  const zone = props.session.time_zone;
  const [text, setText] = useState('');
  const [answers, setAnswers] = useState<Answer[] | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (values: string[]) => {
    setBusy(true);
    const out: Answer[] = [];
    for (const v of values) {
      try {
        const r = await api.search(v);
        out.push({ value: v, hits: r.hits });
      } catch (e) {
        out.push({ value: v, hits: [], error: errorText(e) });
      }
    }
    setAnswers(out);
    setBusy(false);
  };

  const submit = (e: Event) => {
    e.preventDefault();
    run(pastedValues(text));
  };

  const pivot = (v: string) => {
    setText(v);
    run([v]);
  };

  const l = lang();
  return (
    <>
      <h1>{t('search.title')}</h1>
      <form onSubmit={submit}>
        <Field id="search-value" label={t('search.values')}>
          <textarea id="search-value" name="value" rows={4} value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} required />
        </Field>
        <p><button type="submit" disabled={busy}>{t('search.submit')}</button></p>
      </form>
      {busy && <p role="status">{t('common.loading')}</p>}
      {answers && (
        <div data-testid="search-results">
          <p role="status">{t('search.summary', { n: answers.length, found: answers.filter((a) => a.hits.length > 0).length })}</p>
          {answers.map((a) => (
            <section key={a.value} class="search-answer" data-query={a.value} aria-label={t('search.for', { value: a.value })}>
              <h2>{t('search.for', { value: a.value })}</h2>
              {a.error && <p class="error">{t('common.error', { msg: a.error })}</p>}
              {!a.error && a.hits.length === 0 && <p>{t('search.none')}</p>}
              {a.hits.length > 0 && (
                <Table
                  cols={[
                    { head: t('search.col.relation'), cell: (h) => vocab('relation', h.relation) },
                    {
                      head: t('search.col.indicator'),
                      cell: (h) => (
                        <>
                          <a href={indicatorPath(h.indicator.type, h.indicator.value)} onClick={linkClick} aria-label={t('search.open', { value: h.indicator.value })}><code class="hash">{h.indicator.value}</code></a> ({vocab('ioctype', h.indicator.type)}, TLP:{h.indicator.tlp.toUpperCase()}
                          {h.indicator.confidence !== null ? `, ${t('search.confidence', { n: h.indicator.confidence })}` : ''})
                        </>
                      ),
                    },
                    { head: t('search.col.status'), cell: (h) => vocab('iocstatus', h.indicator.status) },
                    { head: t('search.col.sources'), cell: (h) => h.indicator.sources.map((x) => x.name).join(', ') },
                    {
                      head: t('search.col.sightings'),
                      cell: (h) =>
                        (h.indicator.sightings ?? []).length === 0
                          ? t('common.none')
                          : (h.indicator.sightings ?? []).map((x) => t('search.sighting', { agency: x.agency, n: x.count, at: formatTime(x.last_seen, zone, l) })).join('；'),
                    },
                    {
                      head: t('search.col.pivot'),
                      cell: (h) =>
                        h.indicator.value !== a.value && (
                          <button type="button" class="secondary" onClick={() => pivot(h.indicator.value)}>
                            {t('search.pivot_for', { value: h.indicator.value })}
                          </button>
                        ),
                    },
                  ]}
                  rows={a.hits}
                  rowKey={(h) => h.indicator.value}
                  rowData="hit"
                />
              )}
            </section>
          ))}
        </div>
      )}
    </>
  );
}
