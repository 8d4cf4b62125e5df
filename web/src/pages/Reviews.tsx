// The supervisor's review queue: the reported incidents of the agencies
// below the officer's (every agency's for staff) whose review deadline
// runs (2 hours for a level 3 or 4 incident, 8 for 1 or 2), due first at
// the top, each with its countdown and the review step.
import { useEffect, useState } from 'preact/hooks';
import { api, type Incident, type Session } from '../api';
import { lang, t } from '../i18n';
import { useNow } from '../router';
import { formatTime } from '../time';
import { Done, Failure, labelled, ListTable, useAttempt } from '../ui';
import { reviewQueue } from '../work';
import { Countdown, incidentCols, levelName } from './incidentView';

export function Reviews(props: { session: Session }) {
  const zone = props.session.time_zone;
  const [list, setList] = useState<Incident[] | null>(null);
  const [error, , attempt] = useAttempt();
  const [done, setDone] = useState('');
  const now = useNow();

  const fetchAll = async () => {
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
  };
  const load = () => attempt(fetchAll, false);
  useEffect(() => {
    load();
  }, [props.session.agency]);

  const review = async (i: Incident) => {
    setDone('');
    await attempt(async () => {
      await api.advance(i.id, { status: 'reviewed' });
      setDone(t('review.done', { id: i.id }));
      await fetchAll();
    });
  };

  const l = lang();
  const c = incidentCols(zone, now);
  return (
    <>
      <h1>{t('review.title')}</h1>
      <p>{t('review.intro')}</p>
      <Failure msg={error} />
      <Done text={done} />
      <ListTable list={list} error={error} empty={t('review.empty')} cls="incidents" caption={t('review.title')} rowKey={(i) => i.id} rowData="review"
        cols={[
          c.id, c.agency, c.title,
          labelled<Incident>('home.col.level', (i) => `${levelName(i)} · ${t(i.level && i.level >= 3 ? 'review.within2' : 'review.within8')}`),
          labelled<Incident>('review.col.due', (i) => formatTime(i.deadlines.review, zone, l)),
          labelled<Incident>('home.col.left', (i) => <Countdown due={i.deadlines.review} now={now} />),
          labelled<Incident>('review.col.action', (i) => (
            <button type="button" onClick={() => review(i)} aria-label={t('review.submit_for', { id: i.id })}>{t('review.submit')}</button>
          )),
        ]}
      />
    </>
  );
}
