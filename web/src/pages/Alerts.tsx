// The agency's monitoring notices (alerts): the list with its filter,
// pages of the server's, and triage one by one or in bulk: confirm (an
// incident report is filed) or dismiss with a reason (docs/alert.md).
import { useEffect, useState } from 'preact/hooks';
import { api, type Alert, type Session } from '../api';
import { lang, t, vocab } from '../i18n';
import { linkClick, useNow } from '../router';
import { formatTime } from '../time';
import { ALERT_STATUSES, bulkOutcome, DISMISS_REASONS, toggle, toggleAll, type BulkOutcome } from '../work';
import { Countdown } from './Home';

const PAGE = 50;

export function Alerts(props: { session: Session }) {
  const zone = props.session.time_zone;
  const [status, setStatus] = useState('open');
  const [list, setList] = useState<Alert[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [sel, setSel] = useState<Set<string>>(new Set());
  const [error, setError] = useState('');
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

  const load = async () => {
    setError('');
    try {
      const r = await api.alerts(query(null));
      setList(r.alerts);
      setNext(r.next ?? null);
      setSel(new Set());
    } catch (e) {
      setError(String((e as Error).message ?? e));
    }
  };

  const more = async () => {
    if (!next) return;
    try {
      const r = await api.alerts(query(next));
      setList([...(list ?? []), ...r.alerts]);
      setNext(r.next ?? null);
    } catch (e) {
      setError(String((e as Error).message ?? e));
    }
  };

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
    try {
      const r = await api.alertsBulk(step, body);
      setOutcome(bulkOutcome(r.results));
      await load();
    } catch (err) {
      setError(String((err as Error).message ?? err));
    } finally {
      setBusy(false);
    }
  };

  const l = lang();
  const openIds = (list ?? []).filter((a) => a.status === 'open').map((a) => a.id);
  return (
    <>
      <h1>{t('alerts.title')}</h1>
      <p>{t('alerts.intro')}</p>
      <p>
        <label for="alert-status">{t('alerts.filter.status')}</label>
        <select id="alert-status" name="status" value={status} onChange={(e) => setStatus((e.currentTarget as HTMLSelectElement).value)}>
          {ALERT_STATUSES.map((s) => (
            <option key={s} value={s}>{vocab('alertstatus', s)}</option>
          ))}
          <option value="">{t('alerts.filter.all')}</option>
        </select>
      </p>
      {error && <p class="error" role="alert">{t('common.error', { msg: error })}</p>}
      {outcome && (
        <div role="status" class="note" data-testid="bulk-outcome">
          <p>{t('alerts.outcome', { ok: outcome.ok.length, failed: outcome.failed.length })}</p>
          {outcome.incidents.length > 0 && (
            <p>
              {t('alerts.outcome.incidents')}{' '}
              {outcome.incidents.map((id, i) => (
                <span key={id}>
                  {i > 0 && '、'}
                  <a href={`/incidents/${encodeURIComponent(id)}`} onClick={linkClick}>{id}</a>
                </span>
              ))}
            </p>
          )}
          {outcome.failed.length > 0 && (
            <ul class="error">
              {outcome.failed.map((f) => <li key={f.id}>{t('alerts.outcome.failed', { id: f.id, msg: f.message })}</li>)}
            </ul>
          )}
        </div>
      )}
      {!list && !error && <p>{t('common.loading')}</p>}
      {list && list.length === 0 && <p>{t('alerts.empty')}</p>}
      {list && list.length > 0 && (
        <>
          <table class="alerts">
            <caption class="sr-only">{t('alerts.title')}</caption>
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    id="alert-all"
                    aria-label={t('alerts.select_all')}
                    disabled={openIds.length === 0}
                    checked={openIds.length > 0 && openIds.every((i) => sel.has(i))}
                    onChange={() => setSel(toggleAll(sel, openIds))}
                  />
                </th>
                <th scope="col">{t('alerts.col.id')}</th>
                <th scope="col">{t('alerts.col.indicator')}</th>
                <th scope="col">{t('alerts.col.direction')}</th>
                <th scope="col">{t('alerts.col.hosts')}</th>
                <th scope="col">{t('alerts.col.seen')}</th>
                <th scope="col">{t('alerts.col.status')}</th>
                <th scope="col">{t('alerts.col.due')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((a) => (
                <tr key={a.id} data-alert={a.id}>
                  <td data-label={t('alerts.col.select')}>
                    {a.status === 'open' && (
                      <input
                        type="checkbox"
                        name="ids"
                        value={a.id}
                        aria-label={t('alerts.select', { id: a.id })}
                        checked={sel.has(a.id)}
                        onChange={() => setSel(toggle(sel, a.id))}
                      />
                    )}
                  </td>
                  <td data-label={t('alerts.col.id')}>{a.id}</td>
                  <td data-label={t('alerts.col.indicator')}>
                    <code class="hash">{a.indicator.value}</code> ({vocab('ioctype', a.indicator.type)}, TLP:{a.indicator.tlp.toUpperCase()})
                  </td>
                  <td data-label={t('alerts.col.direction')}>{vocab('direction', a.direction)}</td>
                  <td data-label={t('alerts.col.hosts')}>{a.hosts.join(', ')} {t('alerts.sightings', { n: a.sightings })}</td>
                  <td data-label={t('alerts.col.seen')}>{formatTime(a.last_seen, zone, l)}</td>
                  <td data-label={t('alerts.col.status')}>
                    {vocab('alertstatus', a.status)}
                    {a.reason ? ` · ${vocab('reason', a.reason)}` : ''}
                    {a.incident && (
                      <>
                        {' · '}
                        <a href={`/incidents/${encodeURIComponent(a.incident)}`} onClick={linkClick}>{a.incident}</a>
                      </>
                    )}
                  </td>
                  <td data-label={t('alerts.col.due')}>{a.status === 'open' && a.due ? <Countdown due={a.due} now={now} /> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {next && (
            <p><button type="button" class="secondary" onClick={more}>{t('common.more')}</button></p>
          )}
          <section aria-labelledby="h-triage" class="triage">
            <h2 id="h-triage">{t('alerts.triage', { n: sel.size })}</h2>
            <p>
              <button type="button" disabled={busy || sel.size === 0} onClick={() => answer('confirm')}>{t('alerts.confirm')}</button>
            </p>
            <form onSubmit={(e) => answer('dismiss', e)}>
              <p>
                <label for="dismiss-reason">{t('alerts.reason')}</label>
                <select id="dismiss-reason" name="reason" required>
                  {DISMISS_REASONS.map((r) => <option key={r} value={r}>{vocab('reason', r)}</option>)}
                </select>
              </p>
              <p>
                <label for="dismiss-note">{t('alerts.note')}</label>
                <input id="dismiss-note" name="note" type="text" maxLength={1000} />
              </p>
              <p><button type="submit" class="secondary" disabled={busy || sel.size === 0}>{t('alerts.dismiss')}</button></p>
            </form>
          </section>
        </>
      )}
    </>
  );
}
