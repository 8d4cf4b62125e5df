// The office's incident queue: the incidents of every agency, filtered on
// the server (agency, status or open, level, since), a page at a time
// (the server's keyset cursor), with bulk actions: review the reported
// ones, close the chosen ones with a reason. Each answer is shown.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Incident, type Session } from '../api';
import { lang, t, vocab } from '../i18n';
import { linkClick, useNow } from '../router';
import { formatTime } from '../time';
import { queueQuery, STATUSES, toggle, toggleAll, type QueueFilter } from '../work';
import { Countdown } from './Home';

const PAGE = 50;

export function Queue(props: { session: Session }) {
  const zone = props.session.time_zone;
  const [filter, setFilter] = useState<QueueFilter>({ agency: '', status: 'open', level: '', since: '' });
  const [draft, setDraft] = useState<QueueFilter>(filter);
  const edit = (k: keyof QueueFilter) => (e: Event) =>
    setDraft({ ...draft, [k]: (e.currentTarget as HTMLInputElement | HTMLSelectElement).value });
  const [list, setList] = useState<Incident[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [sel, setSel] = useState<Set<string>>(new Set());
  const [error, setError] = useState('');
  const [results, setResults] = useState<{ id: string; ok: boolean; msg: string }[] | null>(null);
  const [busy, setBusy] = useState(false);
  const now = useNow();

  const load = async (f: QueueFilter) => {
    setError('');
    try {
      const r = await api.incidents(queueQuery(f, PAGE, null));
      setList(r.incidents);
      setNext(r.next);
      setSel(new Set());
    } catch (e) {
      setError(String((e as Error).message ?? e));
    }
  };
  useEffect(() => {
    load(filter);
  }, []);

  const more = async () => {
    if (!next) return;
    try {
      const r = await api.incidents(queueQuery(filter, PAGE, next));
      setList([...(list ?? []), ...r.incidents]);
      setNext(r.next);
    } catch (e) {
      setError(String((e as Error).message ?? e));
    }
  };

  const applyFilter = (e: Event) => {
    e.preventDefault();
    const nf: QueueFilter = { ...draft, agency: draft.agency.trim() };
    setFilter(nf);
    setResults(null);
    load(nf);
  };

  const bulk = async (step: 'review' | 'close', e?: Event) => {
    e?.preventDefault();
    let reason = '';
    if (step === 'close') reason = String(new FormData(e!.currentTarget as HTMLFormElement).get('reason') ?? '').trim();
    setBusy(true);
    const out: { id: string; ok: boolean; msg: string }[] = [];
    for (const id of sel) {
      try {
        if (step === 'review') await api.advance(id, { status: 'reviewed' });
        else await api.close(id, reason);
        out.push({ id, ok: true, msg: '' });
      } catch (err) {
        out.push({ id, ok: false, msg: err instanceof ApiError ? err.message : String(err) });
      }
    }
    setResults(out);
    setBusy(false);
    await load(filter);
  };

  const l = lang();
  const ids = (list ?? []).map((i) => i.id);
  return (
    <>
      <h1>{t('queue.title')}</h1>
      <form class="filters" onSubmit={applyFilter} aria-label={t('queue.filters')}>
        <p>
          <label for="q-agency">{t('incident.field.agency')}</label>
          <input id="q-agency" name="agency" type="text" value={draft.agency} onInput={edit('agency')} maxLength={64} />
        </p>
        <p>
          <label for="q-status">{t('incident.field.status')}</label>
          <select id="q-status" name="status" value={draft.status} onChange={edit('status')}>
            <option value="open">{t('queue.open')}</option>
            {STATUSES.map((s) => <option key={s} value={s}>{vocab('status', s)}</option>)}
            <option value="">{t('alerts.filter.all')}</option>
          </select>
        </p>
        <p>
          <label for="q-level">{t('incident.field.level')}</label>
          <select id="q-level" name="level" value={draft.level} onChange={edit('level')}>
            <option value="">{t('alerts.filter.all')}</option>
            {[1, 2, 3, 4].map((n) => <option key={n} value={String(n)}>{t('level.n', { n })}</option>)}
          </select>
        </p>
        <p>
          <label for="q-since">{t('queue.since')}</label>
          <input id="q-since" name="since" type="date" value={draft.since} onInput={edit('since')} />
        </p>
        <p><button type="submit">{t('queue.apply')}</button></p>
      </form>
      {error && <p class="error" role="alert">{t('common.error', { msg: error })}</p>}
      {results && (
        <div role="status" class="note" data-testid="queue-results">
          <p>{t('alerts.outcome', { ok: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length })}</p>
          {results.some((r) => !r.ok) && (
            <ul class="error">
              {results.filter((r) => !r.ok).map((r) => <li key={r.id}>{t('alerts.outcome.failed', { id: r.id, msg: r.msg })}</li>)}
            </ul>
          )}
        </div>
      )}
      {!list && !error && <p>{t('common.loading')}</p>}
      {list && list.length === 0 && <p>{t('queue.empty')}</p>}
      {list && list.length > 0 && (
        <>
          <table class="incidents">
            <caption class="sr-only">{t('queue.title')}</caption>
            <thead>
              <tr>
                <th scope="col">
                  <input type="checkbox" aria-label={t('queue.select_all')} checked={ids.length > 0 && ids.every((i) => sel.has(i))} onChange={() => setSel(toggleAll(sel, ids))} />
                </th>
                <th scope="col">{t('home.col.id')}</th>
                <th scope="col">{t('incident.field.agency')}</th>
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
                  <td data-label={t('alerts.col.select')}>
                    <input type="checkbox" aria-label={t('queue.select', { id: i.id })} checked={sel.has(i.id)} onChange={() => setSel(toggle(sel, i.id))} />
                  </td>
                  <td data-label={t('home.col.id')}><a href={`/incidents/${encodeURIComponent(i.id)}`} onClick={linkClick}>{i.id}</a></td>
                  <td data-label={t('incident.field.agency')}>{i.agency}</td>
                  <td data-label={t('home.col.title')}>{i.title}</td>
                  <td data-label={t('home.col.level')}>{i.level ? t('level.n', { n: i.level }) : t('level.none')}{i.major ? ` · ${t('level.major')}` : ''}</td>
                  <td data-label={t('home.col.status')}>{vocab('status', i.status)}</td>
                  <td data-label={t('home.col.next')}>
                    {i.next_deadline ? `${vocab('deadline', i.next_deadline.kind)} ${formatTime(i.next_deadline.due, zone, l)}` : t('common.none')}
                  </td>
                  <td data-label={t('home.col.left')}><Countdown due={i.next_deadline?.due} now={now} /></td>
                </tr>
              ))}
            </tbody>
          </table>
          {next && <p><button type="button" class="secondary" onClick={more}>{t('common.more')}</button></p>}
          <section aria-labelledby="h-bulk" class="triage">
            <h2 id="h-bulk">{t('queue.bulk', { n: sel.size })}</h2>
            <p><button type="button" disabled={busy || sel.size === 0} onClick={() => bulk('review')}>{t('review.submit')}</button></p>
            <form onSubmit={(e) => bulk('close', e)}>
              <p>
                <label for="close-reason">{t('queue.close_reason')}</label>
                <input id="close-reason" name="reason" type="text" required maxLength={1000} />
              </p>
              <p><button type="submit" class="secondary" disabled={busy || sel.size === 0}>{t('queue.close')}</button></p>
            </form>
          </section>
        </>
      )}
    </>
  );
}
