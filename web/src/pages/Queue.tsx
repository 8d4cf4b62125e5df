// The office's incident queue: the incidents of every agency, filtered on
// the server (agency, status or open, level, since), a page at a time
// (the server's keyset cursor), with bulk actions: review the reported
// ones, close the chosen ones with a reason. Each answer is shown.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Incident, type Session } from '../api';
import { t, vocab } from '../i18n';
import { useNow } from '../router';
import { BulkNote, Failure, Field, ListTable, More, usePages, useAttempt } from '../ui';
import { queueQuery, STATUSES, toggle, toggleAll, type QueueFilter } from '../work';
import { incidentCols } from './incidentView';

const PAGE = 50;

export function Queue(props: { session: Session }) {
  const zone = props.session.time_zone;
  const [filter, setFilter] = useState<QueueFilter>({ agency: '', status: 'open', level: '', since: '' });
  const [draft, setDraft] = useState<QueueFilter>(filter);
  const edit = (k: keyof QueueFilter) => (e: Event) =>
    setDraft({ ...draft, [k]: (e.currentTarget as HTMLInputElement | HTMLSelectElement).value });
  const [sel, setSel] = useState<Set<string>>(new Set());
  const [error, setError] = useAttempt();
  const [results, setResults] = useState<{ id: string; ok: boolean; msg: string }[] | null>(null);
  const [busy, setBusy] = useState(false);
  const now = useNow();
  const pages = usePages<Incident>(
    async (cursor) => {
      const r = await api.incidents(queueQuery(filter, PAGE, cursor));
      return { items: r.incidents, next: r.next };
    },
    setError,
    { clear: true, onLoad: () => setSel(new Set()) },
  );
  const load = pages.load;
  // the first page of each filter applied
  useEffect(() => {
    load();
  }, [filter]);

  const applyFilter = (e: Event) => {
    e.preventDefault();
    setFilter({ ...draft, agency: draft.agency.trim() });
    setResults(null);
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
    await load();
  };

  const ids = (pages.list ?? []).map((i) => i.id);
  const c = incidentCols(zone, now);
  return (
    <>
      <h1>{t('queue.title')}</h1>
      <form class="filters" onSubmit={applyFilter} aria-label={t('queue.filters')}>
        <Field id="q-agency" label={t('incident.field.agency')}>
          <input id="q-agency" name="agency" type="text" value={draft.agency} onInput={edit('agency')} maxLength={64} />
        </Field>
        <Field id="q-status" label={t('incident.field.status')}>
          <select id="q-status" name="status" value={draft.status} onChange={edit('status')}>
            <option value="open">{t('queue.open')}</option>
            {STATUSES.map((s) => <option key={s} value={s}>{vocab('status', s)}</option>)}
            <option value="">{t('alerts.filter.all')}</option>
          </select>
        </Field>
        <Field id="q-level" label={t('incident.field.level')}>
          <select id="q-level" name="level" value={draft.level} onChange={edit('level')}>
            <option value="">{t('alerts.filter.all')}</option>
            {[1, 2, 3, 4].map((n) => <option key={n} value={String(n)}>{t('level.n', { n })}</option>)}
          </select>
        </Field>
        <Field id="q-since" label={t('queue.since')}>
          <input id="q-since" name="since" type="date" value={draft.since} onInput={edit('since')} />
        </Field>
        <p><button type="submit">{t('queue.apply')}</button></p>
      </form>
      <Failure msg={error} />
      {results && <BulkNote testid="queue-results" ok={results.filter((r) => r.ok).length} failed={results.filter((r) => !r.ok)} />}
      <ListTable list={pages.list} error={error} empty={t('queue.empty')} cls="incidents" caption={t('queue.title')} rowKey={(x) => x.id} rowData="incident"
        cols={[
          {
            head: <input type="checkbox" aria-label={t('queue.select_all')} checked={ids.length > 0 && ids.every((i) => sel.has(i))} onChange={() => setSel(toggleAll(sel, ids))} />,
            label: t('alerts.col.select'),
            cell: (i) => <input type="checkbox" aria-label={t('queue.select', { id: i.id })} checked={sel.has(i.id)} onChange={() => setSel(toggle(sel, i.id))} />,
          },
          c.id, c.agency, c.title, c.level, c.status, c.next, c.left,
        ]}
        after={
          <>
            <More next={pages.next} onMore={pages.more} />
            <section aria-labelledby="h-bulk" class="triage">
              <h2 id="h-bulk">{t('queue.bulk', { n: sel.size })}</h2>
              <p><button type="button" disabled={busy || sel.size === 0} onClick={() => bulk('review')}>{t('review.submit')}</button></p>
              <form onSubmit={(e) => bulk('close', e)}>
                <Field id="close-reason" label={t('queue.close_reason')}>
                  <input id="close-reason" name="reason" type="text" required maxLength={1000} />
                </Field>
                <p><button type="submit" class="secondary" disabled={busy || sel.size === 0}>{t('queue.close')}</button></p>
              </form>
            </section>
          </>
        }
      />
    </>
  );
}
