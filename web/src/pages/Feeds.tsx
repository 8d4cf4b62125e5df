// Feed sources (情資來源) for the office: the sources fetched on schedule
// (GET /feeds) with their schedule, last fetch, state and last error, and
// the steps on each (enable, disable, fetch now: POST /feeds/{name}/...);
// then the indicators held per source (GET /sources). Staff only: the
// page asks the server and shows its refusal to anyone else.
import { useEffect, useState } from 'preact/hooks';
import { fetchFeedNow, intelApi, type FeedSource, type Session } from '../api';
import { lang, t, vocab, type MessageKey } from '../i18n';
import { everyParts, feedState } from '../intel';
import { linkClick } from '../router';
import { formatTime } from '../time';
import { Done, Failure, labelled, ListTable, Table, useAttempt } from '../ui';

export function Feeds(props: { session: Session }) {
  const zone = props.session.time_zone;
  const [feeds, setFeeds] = useState<FeedSource[] | null>(null);
  const [sources, setSources] = useState<{ name: string; active: number; total: number }[] | null>(null);
  const [error, , attempt] = useAttempt();
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState('');

  const load = async () => {
    const [f, s] = await Promise.all([intelApi.feeds(), intelApi.sources()]);
    setFeeds(f.feeds);
    setSources(s.sources);
  };
  useEffect(() => {
    attempt(load);
  }, []);

  const act = (name: string, fn: () => Promise<string>) => async () => {
    setBusy(name);
    setDone('');
    await attempt(async () => {
      const text = await fn();
      await load();
      setDone(text);
    });
    setBusy('');
  };
  const toggle = (f: FeedSource) =>
    act(f.name, async () => {
      await intelApi.feedStep(f.name, f.enabled ? 'disable' : 'enable');
      return t(f.enabled ? 'feeds.disabled_done' : 'feeds.enabled_done', { name: f.name });
    });
  const fetchNow = (f: FeedSource) =>
    act(f.name, async () => {
      const r = await fetchFeedNow(f.name);
      if (r.not_modified) return t('feeds.fetch.same', { name: f.name });
      return r.ok ? t('feeds.fetch.ok', { name: f.name, bytes: r.bytes }) : t('feeds.fetch.failed', { name: f.name, msg: r.error ?? '' });
    });

  const l = lang();
  const every = (s: number) => {
    const [n, unit] = everyParts(s);
    return t(`feeds.every.${unit}` as MessageKey, { n });
  };
  return (
    <>
      <h1>{t('feeds.title')}</h1>
      <p>
        {t('feeds.intro')} <a href="/upload" onClick={linkClick}>{t('upload.title')}</a>
      </p>
      <Failure msg={error} />
      <Done text={done} testid="feeds-done" />
      <ListTable list={feeds} error={error} empty={t('feeds.empty')} cls="feeds" caption={t('feeds.title')} rowKey={(f) => f.name} rowData="feed"
        cols={[
          { head: t('feeds.col.name'), cell: (f) => <>{f.name}<br /><small class="hash">{f.url}</small></>, rowHeader: true },
          labelled<FeedSource>('feeds.col.every', (f) => every(f.every)),
          labelled<FeedSource>('feeds.col.last', (f) => formatTime(f.status.last_try, zone, l) || t('feeds.never')),
          labelled<FeedSource>('feeds.col.next', (f) => (f.enabled ? formatTime(f.status.next_try, zone, l) || t('common.none') : '—')),
          labelled<FeedSource>('feeds.col.state', (f) => (
            <span data-state={feedState(f)}>
              {vocab('feeds.state', feedState(f))}
              {f.status.failures > 0 ? ` · ${t('feeds.failures', { n: f.status.failures })}` : ''}
            </span>
          )),
          labelled<FeedSource>('feeds.col.result', (f) =>
            f.status.last_error ? (
              <span class="error">{f.status.last_error}</span>
            ) : f.status.last_success ? (
              t('feeds.result', { added: f.status.added ?? 0, updated: f.status.updated ?? 0, dropped: f.status.dropped ?? 0 })
            ) : (
              t('common.none')
            ),
          ),
          labelled<FeedSource>('feeds.col.steps', (f) => (
            <>
              <button type="button" class="secondary" disabled={!!busy} onClick={toggle(f)}>
                {t(f.enabled ? 'feeds.disable_for' : 'feeds.enable_for', { name: f.name })}
              </button>{' '}
              <button type="button" disabled={!!busy || !f.enabled} onClick={fetchNow(f)}>{t('feeds.fetch_for', { name: f.name })}</button>
            </>
          )),
        ]}
      />
      {sources && sources.length > 0 && (
        <>
          <h2>{t('feeds.sources')}</h2>
          <Table
            cls="sources"
            cols={[
              { head: t('ind.source'), cell: (s) => s.name, rowHeader: true },
              { head: t('feeds.active'), cell: (s) => String(s.active) },
              { head: t('feeds.total'), cell: (s) => String(s.total) },
            ]}
            rows={sources}
            rowKey={(s) => s.name}
            rowData="source"
          />
        </>
      )}
    </>
  );
}
