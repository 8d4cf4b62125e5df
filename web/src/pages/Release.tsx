// The office's alert queue (告警釋出): monitoring notices held for the
// office because the agency may not read their indicator under TLP
// (GET /alerts?queue=office&status=open), released to their agency one
// by one (POST /alerts/{id}/release) or ticked and released together
// after a confirmation (POST /alerts/release). Only callers whose /me
// allows the staff routes get the steps; the server decides the rest.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, intelApi, type Alert, type Session } from '../api';
import { lang, t, vocab } from '../i18n';
import { allows } from '../intel';
import { formatTime } from '../time';
import { BulkNote, Failure, labelled, ListTable, More, usePages, useAttempt } from '../ui';
import { bulkOutcome, toggle, toggleAll, type BulkOutcome } from '../work';
import { useMe } from './intelView';

const PAGE = 50;

export function Release(props: { session: Session }) {
  const zone = props.session.time_zone;
  const me = useMe(props.session);
  const [sel, setSel] = useState<Set<string>>(new Set());
  const [error, setError, attempt] = useAttempt();
  const [outcome, setOutcome] = useState<BulkOutcome | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);

  const pages = usePages<Alert>(
    async (cursor) => {
      const q: Record<string, string> = { queue: 'office', status: 'open', limit: String(PAGE) };
      if (cursor) q.cursor = cursor;
      const r = await api.alerts(q);
      return { items: r.alerts, next: r.next ?? null };
    },
    setError,
    { clear: true, onLoad: () => setSel(new Set()) },
  );
  const load = pages.load;
  useEffect(() => {
    load();
  }, []);

  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) yes.current?.focus();
  }, [confirming]);

  const release = async (ids: string[], bulk: boolean) => {
    setBusy(true);
    setOutcome(null);
    setConfirming(false);
    await attempt(async () => {
      if (!bulk) {
        await intelApi.releaseOne(ids[0]);
        setOutcome({ ok: ids, incidents: [], failed: [] });
      } else {
        setOutcome(bulkOutcome((await intelApi.release(ids)).results));
      }
      await load();
    }, false);
    setBusy(false);
  };

  const l = lang();
  const may = allows(me, 'staff');
  const ids = (pages.list ?? []).map((a) => a.id);
  return (
    <>
      <h1>{t('release.title')}</h1>
      <p>{t('release.intro')}</p>
      <Failure msg={error} />
      {outcome && <BulkNote testid="release-outcome" ok={outcome.ok.length} failed={outcome.failed.map((f) => ({ id: f.id, msg: f.message }))} />}
      <ListTable list={pages.list} error={error} empty={t('release.empty')} cls="alerts" caption={t('release.title')} rowKey={(x) => x.id} rowData="alert"
        cols={[
          ...(may
            ? [
                {
                  head: (
                    <input type="checkbox" id="release-all" aria-label={t('release.select_all')} disabled={ids.length === 0}
                      checked={ids.length > 0 && ids.every((i) => sel.has(i))} onChange={() => setSel(toggleAll(sel, ids))} />
                  ),
                  label: t('alerts.col.select'),
                  cell: (a: Alert) => (
                    <input type="checkbox" name="ids" value={a.id} aria-label={t('alerts.select', { id: a.id })} checked={sel.has(a.id)} onChange={() => setSel(toggle(sel, a.id))} />
                  ),
                },
              ]
            : []),
          labelled<Alert>('alerts.col.id', (a) => a.id),
          labelled<Alert>('release.col.agency', (a) => a.agency),
          labelled<Alert>('alerts.col.indicator', (a) => (
            <>
              <code class="hash">{a.indicator.value}</code> ({vocab('ioctype', a.indicator.type)}, TLP:{a.indicator.tlp.toUpperCase()})
            </>
          )),
          labelled<Alert>('alerts.col.hosts', (a) => `${a.hosts.join(', ')} ${t('alerts.sightings', { n: a.sightings })}`),
          labelled<Alert>('alerts.col.seen', (a) => formatTime(a.last_seen, zone, l)),
          ...(may
            ? [
                labelled<Alert>('release.col.step', (a) => (
                  <button type="button" class="secondary" disabled={busy} onClick={() => release([a.id], false)}>{t('release.one', { id: a.id })}</button>
                )),
              ]
            : []),
        ]}
        after={
          <>
            <More next={pages.next} onMore={pages.more} />
            {may && (
              <section aria-labelledby="h-release" class="triage">
                <h2 id="h-release">{t('release.bulk', { n: sel.size })}</h2>
                {!confirming && (
                  <p><button type="button" disabled={busy || sel.size === 0} onClick={() => setConfirming(true)}>{t('release.release')}</button></p>
                )}
                {confirming && (
                  <div role="alertdialog" aria-labelledby="release-confirm-text" class="confirm">
                    <p id="release-confirm-text">{t('release.confirm', { n: sel.size, list: [...sel].join('、') })}</p>
                    <p>
                      <button type="button" ref={yes} disabled={busy} onClick={() => release([...sel], true)}>{t('release.yes')}</button>{' '}
                      <button type="button" class="secondary" onClick={() => setConfirming(false)}>{t('release.no')}</button>
                    </p>
                  </div>
                )}
              </section>
            )}
          </>
        }
      />
    </>
  );
}
