// The supervisor's review queue: the reported incidents of the agencies
// below the officer's (every agency's for staff) whose review deadline
// runs (2 hours for a level 3 or 4 incident, 8 for 1 or 2), due first at
// the top, each with its countdown and the review step.
import { useEffect, useState } from 'preact/hooks';
import { api, type Incident, type Session } from '../api';
import { lang, t } from '../i18n';
import { linkClick, useNow } from '../router';
import { formatTime } from '../time';
import { reviewQueue } from '../work';
import { Countdown } from './Home';

export function Reviews(props: { session: Session }) {
  const zone = props.session.time_zone;
  const [list, setList] = useState<Incident[] | null>(null);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const now = useNow();

  const load = async () => {
    try {
      // every page of the reported incidents the caller may see (own and below)
      let all: Incident[] = [];
      let cursor: string | null = null;
      do {
        const q: Record<string, string> = { status: 'reported', limit: '1000' };
        if (cursor) q.cursor = cursor;
        const r = await api.incidents(q);
        all = all.concat(r.incidents);
        cursor = r.next;
      } while (cursor);
      setList(reviewQueue(all, props.session.role === 'agency' ? props.session.agency : null));
    } catch (e) {
      setError(String((e as Error).message ?? e));
    }
  };
  useEffect(() => {
    load();
  }, [props.session.agency]);

  const review = async (i: Incident) => {
    setError('');
    setDone('');
    try {
      await api.advance(i.id, { status: 'reviewed' });
      setDone(t('review.done', { id: i.id }));
      await load();
    } catch (e) {
      setError(String((e as Error).message ?? e));
    }
  };

  const l = lang();
  return (
    <>
      <h1>{t('review.title')}</h1>
      <p>{t('review.intro')}</p>
      {error && <p class="error" role="alert">{t('common.error', { msg: error })}</p>}
      {done && <p class="note" role="status">{done}</p>}
      {!list && !error && <p>{t('common.loading')}</p>}
      {list && list.length === 0 && <p>{t('review.empty')}</p>}
      {list && list.length > 0 && (
        <table class="incidents">
          <caption class="sr-only">{t('review.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('home.col.id')}</th>
              <th scope="col">{t('incident.field.agency')}</th>
              <th scope="col">{t('home.col.title')}</th>
              <th scope="col">{t('home.col.level')}</th>
              <th scope="col">{t('review.col.due')}</th>
              <th scope="col">{t('home.col.left')}</th>
              <th scope="col">{t('review.col.action')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((i) => (
              <tr key={i.id} data-review={i.id}>
                <td data-label={t('home.col.id')}><a href={`/incidents/${encodeURIComponent(i.id)}`} onClick={linkClick}>{i.id}</a></td>
                <td data-label={t('incident.field.agency')}>{i.agency}</td>
                <td data-label={t('home.col.title')}>{i.title}</td>
                <td data-label={t('home.col.level')}>
                  {i.level ? t('level.n', { n: i.level }) : t('level.none')} · {t(i.level && i.level >= 3 ? 'review.within2' : 'review.within8')}
                </td>
                <td data-label={t('review.col.due')}>{formatTime(i.deadlines.review, zone, l)}</td>
                <td data-label={t('home.col.left')}><Countdown due={i.deadlines.review} now={now} /></td>
                <td data-label={t('review.col.action')}>
                  <button type="button" onClick={() => review(i)} aria-label={t('review.submit_for', { id: i.id })}>{t('review.submit')}</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
