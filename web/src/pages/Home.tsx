import { useEffect, useState } from 'preact/hooks';
import { api, type Incident, type Session } from '../api';
import { leftText, secondsLeft, urgency } from '../countdown';
import { lang, t, vocab } from '../i18n';
import { linkClick, useNow } from '../router';
import { formatTime } from '../time';

export function Countdown(props: { due: string | null | undefined; now: number }) {
  const s = secondsLeft(props.due, props.now);
  if (s === null) return <span>{t('common.none')}</span>;
  return <span class={`left ${urgency(s)}`}>{leftText(s, lang())}</span>;
}

export function Home(props: { session: Session }) {
  const [list, setList] = useState<Incident[] | null>(null);
  const [error, setError] = useState('');
  const now = useNow();
  const zone = props.session.time_zone;

  useEffect(() => {
    api
      .openIncidents(props.session.agency)
      .then((r) => setList(r.incidents))
      .catch((e) => setError(String(e.message ?? e)));
  }, [props.session.agency]);

  return (
    <>
      <h1>{props.session.role === 'agency' ? t('home.title') : t('home.title_staff')}</h1>
      <p><a class="button" href="/report" onClick={linkClick}>{t('home.report_new')}</a></p>
      {error && <p class="error" role="alert">{t('common.error', { msg: error })}</p>}
      {!list && !error && <p>{t('common.loading')}</p>}
      {list && list.length === 0 && <p>{t('home.empty')}</p>}
      {list && list.length > 0 && (
        <table class="incidents">
          <caption class="sr-only">{t('home.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('home.col.id')}</th>
              <th scope="col">{t('home.col.title')}</th>
              <th scope="col">{t('home.col.level')}</th>
              <th scope="col">{t('home.col.status')}</th>
              <th scope="col">{t('home.col.next')}</th>
              <th scope="col">{t('home.col.left')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((i) => (
              <tr key={i.id} data-incident={i.id}>
                <td data-label={t('home.col.id')}><a href={`/incidents/${encodeURIComponent(i.id)}`} onClick={linkClick}>{i.id}</a></td>
                <td data-label={t('home.col.title')}>{i.title}</td>
                <td data-label={t('home.col.level')}>{i.level ? t('level.n', { n: i.level }) : t('level.none')}{i.major ? ` · ${t('level.major')}` : ''}</td>
                <td data-label={t('home.col.status')}>{vocab('status', i.status)}</td>
                <td data-label={t('home.col.next')}>
                  {i.next_deadline
                    ? `${vocab('deadline', i.next_deadline.kind)} ${formatTime(i.next_deadline.due, zone, lang())}`
                    : t('common.none')}
                </td>
                <td data-label={t('home.col.left')}><Countdown due={i.next_deadline?.due} now={now} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
