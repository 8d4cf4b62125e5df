// Advisories (資安警訊): the list the caller may read, a page at a time,
// and for the office the form that publishes one (POST /advisories).
import { useEffect, useState } from 'preact/hooks';
import { api, type Advisory, type Session } from '../api';
import { lang, t, vocab } from '../i18n';
import { formatTime } from '../time';
import { pastedValues } from '../work';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const TLPS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;

export function Advisories(props: { session: Session }) {
  const zone = props.session.time_zone;
  const staff = props.session.role === 'admin' || props.session.role === 'analyst';
  const [list, setList] = useState<Advisory[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [formError, setFormError] = useState('');
  const [done, setDone] = useState<Advisory | null>(null);

  const load = async () => {
    try {
      const r = await api.advisories(null);
      setList(r.advisories);
      setNext(r.next);
    } catch (e) {
      setError(String((e as Error).message ?? e));
    }
  };
  useEffect(() => {
    load();
  }, []);

  const more = async () => {
    try {
      const r = await api.advisories(next);
      setList([...(list ?? []), ...r.advisories]);
      setNext(r.next);
    } catch (e) {
      setError(String((e as Error).message ?? e));
    }
  };

  const publish = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const f = new FormData(form);
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
    setFormError('');
    setDone(null);
    try {
      setDone(await api.publishAdvisory(body));
      form.reset();
      await load();
    } catch (err) {
      setFormError(String((err as Error).message ?? err));
    }
  };

  const l = lang();
  return (
    <>
      <h1>{t('adv.title')}</h1>
      {error && <p class="error" role="alert">{t('common.error', { msg: error })}</p>}
      {!list && !error && <p>{t('common.loading')}</p>}
      {list && list.length === 0 && <p>{t('adv.empty')}</p>}
      {list && list.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('adv.col.id')}</th>
              <th scope="col">{t('adv.col.title')}</th>
              <th scope="col">{t('adv.col.severity')}</th>
              <th scope="col">TLP</th>
              <th scope="col">{t('adv.col.cites')}</th>
              <th scope="col">{t('adv.col.published')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((a) => (
              <tr key={a.id} data-advisory={a.id}>
                <td>{a.id}{a.revision > 1 ? ` (${t('revision.n', { n: a.revision })})` : ''}</td>
                <td>{a.title}</td>
                <td>{vocab('severity', a.severity)}</td>
                <td>{a.tlp.toUpperCase()}</td>
                <td>{[...a.indicators.map((i) => i.value), ...a.cves].join(', ')}</td>
                <td>{formatTime(a.published, zone, l)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && <p><button type="button" class="secondary" onClick={more}>{t('common.more')}</button></p>}
      {staff && (
        <form class="token-new" onSubmit={publish} aria-labelledby="h-adv-new">
          <h2 id="h-adv-new">{t('adv.new')}</h2>
          <p>
            <label for="adv-title">{t('adv.col.title')}</label>
            <input id="adv-title" name="title" type="text" required maxLength={200} />
          </p>
          <p>
            <label for="adv-severity">{t('adv.col.severity')}</label>
            <select id="adv-severity" name="severity" required>
              {SEVERITIES.map((s) => <option key={s} value={s}>{vocab('severity', s)}</option>)}
            </select>
          </p>
          <p>
            <label for="adv-tlp">TLP</label>
            <select id="adv-tlp" name="tlp">
              {TLPS.map((s) => <option key={s} value={s} selected={s === 'amber'}>{s.toUpperCase()}</option>)}
            </select>
          </p>
          <p>
            <label for="adv-recipients">{t('adv.recipients')}</label>
            <input id="adv-recipients" name="recipients" type="text" />
          </p>
          <p>
            <label for="adv-lang">{t('nav.language')}</label>
            <select id="adv-lang" name="lang">
              <option value="zh-TW">{t('lang.zh-TW')}</option>
              <option value="en">{t('lang.en')}</option>
            </select>
          </p>
          <p>
            <label for="adv-indicators">{t('adv.indicators')}</label>
            <textarea id="adv-indicators" name="indicators" rows={3} />
          </p>
          <p>
            <label for="adv-cves">{t('adv.cves')}</label>
            <input id="adv-cves" name="cves" type="text" />
          </p>
          <p>
            <label for="adv-body">{t('adv.body')}</label>
            <textarea id="adv-body" name="body" rows={8} required />
          </p>
          <p><button type="submit">{t('adv.publish')}</button></p>
          {formError && <p class="error" role="alert">{t('adv.failed', { msg: formError })}</p>}
          {done && <p class="note" role="status" data-testid="adv-done">{t('adv.done', { id: done.id })}</p>}
        </form>
      )}
    </>
  );
}
