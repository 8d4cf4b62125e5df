// The sightings of indicators in agencies' traffic (GET /sightings): the
// filters of the server (agency, indicator, time range, sensor), pages of
// its own (a cursor when the server gives one), and from each row its
// indicator's page and the alerts.
import { useEffect, useState } from 'preact/hooks';
import { officeApi, type Session, type Sighting } from '../api';
import { lang, t, vocab } from '../i18n';
import { linkClick } from '../router';
import { formatTime } from '../time';
import { Failure, labelled, ListTable, More, usePages, useAttempt } from '../ui';
import { FilterForm } from './filters';
import { nextOf, pageRows, sightingsQuery, type SightingFilter } from '../office';

const PAGE = 50;
const EMPTY: SightingFilter = { agency: '', indicator: '', since: '', until: '', sensor: '' };

/** The portal's page of an indicator. */
export function indicatorHref(type: string, value: string): string {
  return `/indicators/${encodeURIComponent(type)}/${encodeURIComponent(value)}`;
}

const rowKey = (s: Sighting) => `${s.agency}|${s.indicator.type}|${s.indicator.value}|${s.direction}`;

export function Sightings(props: { session: Session }) {
  const zone = props.session.time_zone;
  const own = props.session.agency;
  const [filter, setFilter] = useState<SightingFilter>({ ...EMPTY, agency: own ?? '' });
  const [error, setError] = useAttempt();
  const [shown, setShown] = useState(0);

  const fetchPage = async (page: string | null) => {
    const r = await officeApi.sightings(sightingsQuery(filter, PAGE, page));
    const before = page ? shown : 0;
    const items = pageRows(r.sightings, page, before);
    setShown(before + items.length);
    return { items, next: nextOf(r, page?.startsWith('limit:') ? r.sightings.length : before + items.length, PAGE) };
  };
  const pages = usePages<Sighting>(fetchPage, setError, { clear: true });
  useEffect(() => {
    pages.load();
  }, [filter]);

  const l = lang();
  return (
    <>
      <h1>{t('sightings.title')}</h1>
      <p>{t('sightings.intro')}</p>
      <FilterForm prefix="s" label={t('sightings.filters')} button={t('sightings.apply')}
        fields={[
          ...(own ? [] : [{ name: 'agency', label: t('sightings.agency'), value: filter.agency }]),
          { name: 'indicator', label: t('sightings.indicator') },
          { name: 'since', label: t('sightings.since'), type: 'datetime-local' },
          { name: 'until', label: t('sightings.until'), type: 'datetime-local' },
          { name: 'sensor', label: t('sightings.sensor') },
        ]}
        onApply={(v) => setFilter({ agency: own ?? v.agency, indicator: v.indicator, since: v.since, until: v.until, sensor: v.sensor })}
      />
      <Failure msg={error} />
      <ListTable list={pages.list} error={error} empty={t('sightings.empty')} cls="sightings" caption={t('sightings.title')} rowKey={rowKey} rowData="sighting"
        cols={[
          labelled<Sighting>('sightings.col.indicator', (s) => (
            <>
              <a href={indicatorHref(s.indicator.type, s.indicator.value)} onClick={linkClick}><code class="hash">{s.indicator.value}</code></a>
              {' '}({vocab('ioctype', s.indicator.type)}, TLP:{s.indicator.tlp.toUpperCase()})
            </>
          )),
          labelled<Sighting>('sightings.col.agency', (s) => s.agency),
          labelled<Sighting>('sightings.col.direction', (s) => vocab('direction', s.direction)),
          labelled<Sighting>('sightings.col.count', (s) => t('sightings.count', { n: s.count })),
          labelled<Sighting>('sightings.col.hosts', (s) => s.hosts.join(', ')),
          labelled<Sighting>('sightings.col.sensor', (s) => s.sensor ?? t('common.none')),
          labelled<Sighting>('sightings.col.seen', (s) => `${formatTime(s.first_seen, zone, l)} – ${formatTime(s.last_seen, zone, l)}`),
          labelled<Sighting>('sightings.col.alerts', (s) => (
            <a href="/alerts" onClick={linkClick}>{t('sightings.alerts')}<span class="sr-only">{t('sightings.alerts_of', { value: s.indicator.value })}</span></a>
          )),
        ]}
        after={<More next={pages.next} onMore={pages.more} />}
      />
    </>
  );
}
