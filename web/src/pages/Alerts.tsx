// The agency's monitoring notices (alerts): the list with its filter,
// pages of the server's, and triage one by one or in bulk: confirm (an
// incident report is filed) or dismiss with a reason (docs/alert.md).
import { useEffect, useState } from 'preact/hooks';
import { api, type Alert, type Session } from '../api';
import { lang, t, vocab } from '../i18n';
import { useNow } from '../router';
import { formatTime } from '../time';
import { BulkNote, Failure, Field, labelled, ListTable, More, usePages, useAttempt } from '../ui';
import { ALERT_STATUSES, bulkOutcome, DISMISS_REASONS, toggle, toggleAll, type BulkOutcome } from '../work';
import { Countdown, IncidentLink } from './incidentView';

const PAGE = 50;

export function Alerts(props: { session: Session }) {
  const zone = props.session.time_zone;
  const [status, setStatus] = useState('open');
  const [sel, setSel] = useState<Set<string>>(new Set());
  const [error, setError, attempt] = useAttempt();
  const [outcome, setOutcome] = useState<BulkOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const now = useNow();

  const query = (cursor: string | null) => {
    const q: Record<string, string> = { limit: String(PAGE) };
    if (status) q.status = status;
    if (props.session.agency) q.agency = props.session.agency;
    if (cursor) q.cursor = cursor;
    return q;
  };
  const fetchPage = async (cursor: string | null) => {
    const r = await api.alerts(query(cursor));
    return { items: r.alerts, next: r.next ?? null };
  };
  const pages = usePages<Alert>(fetchPage, setError, { clear: true, onLoad: () => setSel(new Set()) });
  const load = pages.load;
  useEffect(() => {
    load();
  }, [status, props.session.agency]);

  const answer = async (step: 'confirm' | 'dismiss', e?: Event) => {
    e?.preventDefault();
    const ids = [...sel];
    if (ids.length === 0) return;
    const body: { ids: string[]; reason?: string; note?: string } = { ids };
    if (step === 'dismiss') {
      const f = new FormData(e!.currentTarget as HTMLFormElement);
      body.reason = String(f.get('reason') ?? '');
      const note = String(f.get('note') ?? '').trim();
      if (note) body.note = note;
    }
    setBusy(true);
    setOutcome(null);
    await attempt(async () => {
      const r = await api.alertsBulk(step, body);
      setOutcome(bulkOutcome(r.results));
      await load();
    }, false);
    setBusy(false);
  };

  const l = lang();
  const openIds = (pages.list ?? []).filter((a) => a.status === 'open').map((a) => a.id);
  return (
    <>
      <h1>{t('alerts.title')}</h1>
      <p>{t('alerts.intro')}</p>
      <Field id="alert-status" label={t('alerts.filter.status')}>
        <select id="alert-status" name="status" value={status} onChange={(e) => setStatus((e.currentTarget as HTMLSelectElement).value)}>
          {ALERT_STATUSES.map((s) => (
            <option key={s} value={s}>{vocab('alertstatus', s)}</option>
          ))}
          <option value="">{t('alerts.filter.all')}</option>
        </select>
      </Field>
      <Failure msg={error} />
      {outcome && (
        <BulkNote testid="bulk-outcome" ok={outcome.ok.length} failed={outcome.failed.map((f) => ({ id: f.id, msg: f.message }))}>
          {outcome.incidents.length > 0 && (
            <p>
              {t('alerts.outcome.incidents')}{' '}
              {outcome.incidents.map((id, i) => (
                <span key={id}>
                  {i > 0 && '、'}
                  <IncidentLink id={id} />
                </span>
              ))}
            </p>
          )}
        </BulkNote>
      )}
      <ListTable list={pages.list} error={error} empty={t('alerts.empty')} cls="alerts" caption={t('alerts.title')} rowKey={(x) => x.id} rowData="alert"
        cols={[
          {
            head: (
              <input
                type="checkbox"
                id="alert-all"
                aria-label={t('alerts.select_all')}
                disabled={openIds.length === 0}
                checked={openIds.length > 0 && openIds.every((i) => sel.has(i))}
                onChange={() => setSel(toggleAll(sel, openIds))}
              />
            ),
            label: t('alerts.col.select'),
            cell: (a) =>
              a.status === 'open' && (
                <input type="checkbox" name="ids" value={a.id} aria-label={t('alerts.select', { id: a.id })} checked={sel.has(a.id)} onChange={() => setSel(toggle(sel, a.id))} />
              ),
          },
          labelled<Alert>('alerts.col.id', (a) => a.id),
          labelled<Alert>('alerts.col.indicator', (a) => (
            <>
              <code class="hash">{a.indicator.value}</code> ({vocab('ioctype', a.indicator.type)}, TLP:{a.indicator.tlp.toUpperCase()})
            </>
          )),
          labelled<Alert>('alerts.col.direction', (a) => vocab('direction', a.direction)),
          labelled<Alert>('alerts.col.hosts', (a) => `${a.hosts.join(', ')} ${t('alerts.sightings', { n: a.sightings })}`),
          labelled<Alert>('alerts.col.seen', (a) => formatTime(a.last_seen, zone, l)),
          labelled<Alert>('alerts.col.status', (a) => (
            <>
              {vocab('alertstatus', a.status)}
              {a.reason ? ` · ${vocab('reason', a.reason)}` : ''}
              {a.incident && (
                <>
                  {' · '}
                  <IncidentLink id={a.incident} />
                </>
              )}
            </>
          )),
          labelled<Alert>('alerts.col.due', (a) => (a.status === 'open' && a.due ? <Countdown due={a.due} now={now} /> : '—')),
        ]}
        after={
          <>
            <More next={pages.next} onMore={pages.more} />
            <section aria-labelledby="h-triage" class="triage">
              <h2 id="h-triage">{t('alerts.triage', { n: sel.size })}</h2>
              <p>
                <button type="button" disabled={busy || sel.size === 0} onClick={() => answer('confirm')}>{t('alerts.confirm')}</button>
              </p>
              <form onSubmit={(e) => answer('dismiss', e)}>
                <Field id="dismiss-reason" label={t('alerts.reason')}>
                  <select id="dismiss-reason" name="reason" required>
                    {DISMISS_REASONS.map((r) => <option key={r} value={r}>{vocab('reason', r)}</option>)}
                  </select>
                </Field>
                <Field id="dismiss-note" label={t('alerts.note')}>
                  <input id="dismiss-note" name="note" type="text" maxLength={1000} />
                </Field>
                <p><button type="submit" class="secondary" disabled={busy || sel.size === 0}>{t('alerts.dismiss')}</button></p>
              </form>
            </section>
          </>
        }
      />
    </>
  );
}
