import { useEffect, useState } from 'preact/hooks';
import { api, type Incident, type Session } from '../api';
import { t } from '../i18n';
import { linkClick, useNow } from '../router';
import { errorText, Failure, ListTable } from '../ui';
import { incidentCols } from './incidentView';

export function Home(props: { session: Session }) {
  const [list, setList] = useState<Incident[] | null>(null);
  const [error, setError] = useState('');
  const now = useNow();
  const zone = props.session.time_zone;

  useEffect(() => {
    api
      .openIncidents(props.session.agency)
      .then((r) => setList(r.incidents))
      .catch((e) => setError(errorText(e)));
  }, [props.session.agency]);

  const c = incidentCols(zone, now);
  return (
    <>
      <h1>{props.session.role === 'agency' ? t('home.title') : t('home.title_staff')}</h1>
      <p><a class="button" href="/report" onClick={linkClick}>{t('home.report_new')}</a></p>
      <Failure msg={error} />
      <ListTable list={list} error={error} empty={t('home.empty')} cls="incidents" caption={t('home.title')} rowKey={(i) => i.id} rowData="incident"
        cols={[c.id, c.title, c.level, c.status, c.next, c.left]} />
    </>
  );
}
