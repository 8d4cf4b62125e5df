// Advisories (資安警訊): the list the caller may read, a page at a time,
// and for the office the form that publishes one (POST /advisories).
import { useEffect, useState } from 'preact/hooks';
import { api, type Advisory, type Session } from '../api';
import { lang, t, vocab } from '../i18n';
import { linkClick } from '../router';
import { formatTime } from '../time';
import { Done, Failure, Field, LangSelect, Listing, More, submitted, Table, usePages, useAttempt } from '../ui';
import { pastedValues } from '../work';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const TLPS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;

export function Advisories(props: { session: Session }) {
  const zone = props.session.time_zone;
  const staff = props.session.role === 'admin' || props.session.role === 'analyst';
  const [error, setError] = useAttempt();
  const [formError, , attempt] = useAttempt();
  const [done, setDone] = useState<Advisory | null>(null);
  const pages = usePages<Advisory>(async (cursor) => {
    const r = await api.advisories(cursor);
    return { items: r.advisories, next: r.next };
  }, setError);
  const load = pages.load;
  useEffect(() => {
    load();
  }, []);

  const publish = submitted(async (f, form) => {
    const body: Record<string, unknown> = {
      title: String(f.get('title') ?? ''),
      severity: String(f.get('severity') ?? ''),
      tlp: String(f.get('tlp') ?? ''),
      lang: String(f.get('lang') ?? 'zh-TW'),
      body: String(f.get('body') ?? ''),
    };
    const rec = pastedValues(String(f.get('recipients') ?? ''));
    if (rec.length) body.recipients = rec;
    const ind = pastedValues(String(f.get('indicators') ?? ''));
    if (ind.length) body.indicators = ind;
    const cves = pastedValues(String(f.get('cves') ?? ''));
    if (cves.length) body.cves = cves;
    setDone(null);
    await attempt(async () => {
      setDone(await api.publishAdvisory(body));
      form.reset();
      await load();
    });
  });

  const l = lang();
  return (
    <>
      <h1>{t('adv.title')}</h1>
      <Failure msg={error} />
      <Listing list={pages.list} error={error} empty={t('adv.empty')}>
        {(rows) => (
          <Table
            cols={[
              { head: t('adv.col.id'), cell: (a) => `${a.id}${a.revision > 1 ? ` (${t('revision.n', { n: a.revision })})` : ''}` },
              { head: t('adv.col.title'), cell: (a) => a.title },
              { head: t('adv.col.severity'), cell: (a) => vocab('severity', a.severity) },
              { head: 'TLP', cell: (a) => a.tlp.toUpperCase() },
              { head: t('adv.col.cites'), cell: (a) => [...a.indicators.map((i) => i.value), ...a.cves].join(', ') },
              { head: t('adv.col.published'), cell: (a) => formatTime(a.published, zone, l) },
              { head: t('stix.col'), cell: (a) => <a href={`/advisories/${encodeURIComponent(a.id)}/stix`} onClick={linkClick}>{t('stix.open', { id: a.id })}</a> },
            ]}
            rows={rows}
            rowKey={(a) => a.id}
            rowData="advisory"
          />
        )}
      </Listing>
      <More next={pages.next} onMore={pages.more} />
      {staff && (
        <form class="token-new" onSubmit={publish} aria-labelledby="h-adv-new">
          <h2 id="h-adv-new">{t('adv.new')}</h2>
          <Field id="adv-title" label={t('adv.col.title')}>
            <input id="adv-title" name="title" type="text" required maxLength={200} />
          </Field>
          <Field id="adv-severity" label={t('adv.col.severity')}>
            <select id="adv-severity" name="severity" required>
              {SEVERITIES.map((s) => <option key={s} value={s}>{vocab('severity', s)}</option>)}
            </select>
          </Field>
          <Field id="adv-tlp" label="TLP">
            <select id="adv-tlp" name="tlp">
              {TLPS.map((s) => <option key={s} value={s} selected={s === 'amber'}>{s.toUpperCase()}</option>)}
            </select>
          </Field>
          <Field id="adv-recipients" label={t('adv.recipients')}>
            <input id="adv-recipients" name="recipients" type="text" />
          </Field>
          <LangSelect id="adv-lang" name="lang" />
          <Field id="adv-indicators" label={t('adv.indicators')}>
            <textarea id="adv-indicators" name="indicators" rows={3} />
          </Field>
          <Field id="adv-cves" label={t('adv.cves')}>
            <input id="adv-cves" name="cves" type="text" />
          </Field>
          <Field id="adv-body" label={t('adv.body')}>
            <textarea id="adv-body" name="body" rows={8} required />
          </Field>
          <p><button type="submit">{t('adv.publish')}</button></p>
          <Failure msg={formError} text="adv.failed" />
          {done && <Done text={t('adv.done', { id: done.id })} testid="adv-done" />}
        </form>
      )}
    </>
  );
}
