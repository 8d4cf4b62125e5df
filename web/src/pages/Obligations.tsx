// The obligations of the agencies' responsibility grades (GET
// /obligations, docs/obligation.md): an officer its own agency's (and
// its sub-agencies') due and overdue ones, each marked done with a note
// and when (POST /obligations/done); the office every agency's, the
// overdue ones first. The schedule and who may record are the server's.
import { useEffect, useState } from 'preact/hooks';
import { govApi, type Obligation, type Session } from '../api';
import { lang, t, vocab } from '../i18n';
import { formatTime, localInputToApi } from '../time';
import { Done, Failure, Field, labelled, ListTable, submitted, useAttempt } from '../ui';
import { dateText, OBLIGATION_STATUSES, obligationsQuery } from '../office';

function DoneForm(props: { o: Obligation; onDone: (o: Obligation) => void; setError: (m: string) => void }) {
  const { o } = props;
  const id = o.id.replace(/[^A-Za-z0-9]/g, '-');
  const save = submitted(async (f) => {
    props.setError('');
    const body: { agency: string; kind: string; due: string; note?: string; at?: string } = { agency: o.agency, kind: o.kind, due: o.due };
    const note = String(f.get('note') ?? '').trim();
    if (note) body.note = note;
    const at = String(f.get('at') ?? '');
    if (at) body.at = localInputToApi(at);
    try {
      props.onDone(await govApi.obligationDone(body));
    } catch (e) {
      props.setError(String((e as Error).message ?? e));
    }
  });
  return (
    <form class="ob-done" onSubmit={save} aria-label={t('ob.mark_for', { kind: vocab('ob.kind', o.kind), due: dateText(o.due, lang()) })}>
      <Field id={`ob-note-${id}`} label={t('ob.note')}>
        <input id={`ob-note-${id}`} name="note" type="text" maxLength={2000} />
      </Field>
      <Field id={`ob-at-${id}`} label={t('ob.at')}>
        <input id={`ob-at-${id}`} name="at" type="datetime-local" />
      </Field>
      <p><button type="submit">{t('ob.mark')}</button></p>
    </form>
  );
}

export function Obligations(props: { session: Session }) {
  const zone = props.session.time_zone;
  const officer = props.session.role === 'agency';
  const [agency, setAgency] = useState(officer ? props.session.agency ?? '' : '');
  const [status, setStatus] = useState(officer ? '' : 'overdue');
  const [list, setList] = useState<Obligation[] | null>(null);
  const [error, setError, attempt] = useAttempt();
  const [done, setDone] = useState('');

  const load = () =>
    attempt(async () => {
      const r = await govApi.obligations(obligationsQuery(agency, status));
      setList(r.obligations);
    });
  useEffect(() => {
    load();
  }, [agency, status]);

  const l = lang();
  const recorded = (o: Obligation) => {
    setDone(t('ob.recorded', { kind: vocab('ob.kind', o.kind), due: dateText(o.due, l) }));
    load();
  };
  return (
    <>
      <h1>{officer ? t('ob.title') : t('ob.title_office')}</h1>
      <p>{t('ob.intro')}</p>
      <div class="filters">
        {!officer && (
          <Field id="ob-agency" label={t('ob.agency')}>
            <input id="ob-agency" name="agency" type="text" value={agency} onChange={(e) => setAgency((e.currentTarget as HTMLInputElement).value)} />
          </Field>
        )}
        <Field id="ob-status" label={t('ob.status')}>
          <select id="ob-status" name="status" value={status} onChange={(e) => setStatus((e.currentTarget as HTMLSelectElement).value)}>
            {OBLIGATION_STATUSES.map((s) => <option key={s} value={s}>{s ? vocab('ob.status', s) : t('ob.all')}</option>)}
          </select>
        </Field>
      </div>
      <Failure msg={error} />
      <Done text={done} testid="ob-done" />
      <ListTable list={list} error={error} empty={t('ob.empty')} cls="obligations" caption={t('ob.title')} rowKey={(o) => o.id} rowData="obligation"
        cols={[
          labelled<Obligation>('ob.col.agency', (o) => o.agency),
          labelled<Obligation>('ob.col.kind', (o) => vocab('ob.kind', o.kind)),
          labelled<Obligation>('ob.col.due', (o) => dateText(o.due, l)),
          { head: t('ob.col.status'), label: t('ob.col.status'), cls: (o) => `ob-${o.status}`, cell: (o) => vocab('ob.status', o.status) },
          labelled<Obligation>('ob.col.record', (o) =>
            o.status === 'done' ? (
              <>
                {t('ob.done_at', { at: formatTime(o.done_at, zone, l), by: o.done_by ?? '' })}
                {o.note ? ` · ${o.note}` : ''}
                {(o.evidence ?? []).map((e) => <div key={e.sha256}><code class="hash">{e.name} {e.sha256}</code></div>)}
              </>
            ) : officer && o.agency === props.session.agency ? (
              <DoneForm o={o} onDone={recorded} setError={setError} />
            ) : (
              '—'
            ),
          ),
        ]}
      />
    </>
  );
}
