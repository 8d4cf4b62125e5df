// The sightings of indicators in agencies' traffic (GET /sightings): the
// filters of the server (agency, indicator, time range, sensor), pages of
// its own (a cursor when the server gives one), and from each row its
// indicator's page and the alerts.
import { useEffect, useState } from 'preact/hooks';
import { officeApi, type Session, type Sighting } from '../api';
import { lang, t, vocab } from '../i18n';
import { linkClick } from '../router';
import { formatTime } from '../time';
import { Failure, Field, labelled, ListTable, More, submitted, usePages, useAttempt } from '../ui';
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

  const apply = submitted((f) => {
    const v = (k: string) => String(f.get(k) ?? '');
    setFilter({ agency: own ?? v('agency'), indicator: v('indicator'), since: v('since'), until: v('until'), sensor: v('sensor') });
  });

  const l = lang();
  return (
    <>
      <h1>{t('sightings.title')}</h1>
      <p>{t('sightings.intro')}</p>
      <form class="filters" onSubmit={apply} aria-label={t('sightings.filters')}>
        {own ? null : (
          <Field id="s-agency" label={t('sightings.agency')}>
            <input id="s-agency" name="agency" type="text" defaultValue={filter.agency} />
          </Field>
        )}
        <Field id="s-indicator" label={t('sightings.indicator')}>
          <input id="s-indicator" name="indicator" type="text" defaultValue={filter.indicator} />
        </Field>
        <Field id="s-since" label={t('sightings.since')}>
          <input id="s-since" name="since" type="datetime-local" defaultValue={filter.since} />
        </Field>
        <Field id="s-until" label={t('sightings.until')}>
          <input id="s-until" name="until" type="datetime-local" defaultValue={filter.until} />
        </Field>
        <Field id="s-sensor" label={t('sightings.sensor')}>
          <input id="s-sensor" name="sensor" type="text" defaultValue={filter.sensor} />
        </Field>
        <p><button type="submit">{t('sightings.apply')}</button></p>
      </form>
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
