import { useEffect, useState } from 'preact/hooks';
import {
  api,
  uploadEvidence,
  type Evidence,
  type EvidenceFull,
  type Incident,
  type IncidentEvent,
  type Revision,
  type Session,
} from '../api';
import { catalogues, lang, t, vocab, type MessageKey } from '../i18n';
import { linkClick, useNow } from '../router';
import { formatTime } from '../time';
import { revisionChanges, valueText } from '../work';
import { Countdown } from './Home';

const DEADLINES = ['report', 'review', 'recover', 'investigation_report'];

function eventText(e: IncidentEvent): string {
  const key = `event.${e.kind}`;
  if (!(key in catalogues[lang()])) return t('event.other');
  const deadline = typeof e.detail?.deadline === 'string' ? vocab('deadline', e.detail.deadline) : '';
  return t(key as MessageKey, { deadline });
}

export function IncidentPage(props: { session: Session; id: string }) {
  const zone = props.session.time_zone;
  const [inc, setInc] = useState<Incident | null>(null);
  const [events, setEvents] = useState<IncidentEvent[]>([]);
  const [evidence, setEvidence] = useState<Evidence[]>([]);
  const [error, setError] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const [uploaded, setUploaded] = useState<Evidence | null>(null);
  const [upError, setUpError] = useState('');
  const [revisions, setRevisions] = useState<Revision[]>([]);
  const now = useNow();

  const load = () =>
    Promise.all([api.incident(props.id), api.events(props.id), api.evidence(props.id), api.revisions(props.id)])
      .then(([i, ev, evd, rv]) => {
        setInc(i);
        setEvents(ev.events);
        setEvidence(evd.evidence);
        setRevisions(rv.revisions);
      })
      .catch((e) => setError(String(e.message ?? e)));

  useEffect(() => {
    load();
  }, [props.id]);

  const upload = async (e: Event) => {
    e.preventDefault();
    const input = (e.currentTarget as HTMLFormElement).elements.namedItem('file') as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setUpError('');
    setUploaded(null);
    setProgress(0);
    try {
      const ev = await uploadEvidence(props.id, file, setProgress);
      setUploaded(ev);
      input.value = '';
      await load();
    } catch (err) {
      setUpError(String((err as Error).message ?? err));
      setProgress(null);
    }
  };

  if (error) return <p class="error" role="alert">{t('common.error', { msg: error })}</p>;
  if (!inc) return <p>{t('common.loading')}</p>;
  const l = lang();
  const row = (label: Parameters<typeof t>[0], value: string) => (
    <>
      <dt>{t(label)}</dt>
      <dd>{value || t('common.none')}</dd>
    </>
  );

  return (
    <>
      <h1>{t('incident.title', { id: inc.id, title: inc.title })}</h1>
      <p class="actions">
        <a class="button" href={`/incidents/${encodeURIComponent(inc.id)}/print`} onClick={linkClick}>{t('incident.print')}</a>
      </p>
      {inc.report_pending && inc.status !== 'closed' && <PendingReport id={inc.id} onDone={load} />}
      {canReview(props.session, inc) && <ReviewForm id={inc.id} onDone={load} />}
      <section aria-labelledby="h-details">
        <h2 id="h-details">{t('incident.details')}</h2>
        <dl class="details">
          {row('incident.field.agency', inc.agency)}
          {row('incident.field.status', vocab('status', inc.status))}
          {row('incident.field.level', (inc.level ? t('level.n', { n: inc.level }) : t('level.none')) + (inc.major ? ` · ${t('level.major')}` : ''))}
          {row('incident.field.category', vocab('category', inc.category))}
          {row('incident.field.asset', vocab('asset', inc.asset))}
          {row('incident.field.confidentiality', vocab('impact', inc.confidentiality))}
          {row('incident.field.integrity', vocab('impact', inc.integrity))}
          {row('incident.field.availability', vocab('avail', inc.availability))}
          {row('incident.field.aware_at', formatTime(inc.aware_at, zone, l))}
          {row('incident.field.occurred_at', formatTime(inc.occurred_at, zone, l))}
          {row('incident.field.reported_at', formatTime(inc.reported_at, zone, l))}
          {row('incident.field.description', inc.description ?? '')}
        </dl>
      </section>
      <section aria-labelledby="h-deadlines">
        <h2 id="h-deadlines">{t('incident.deadlines')}</h2>
        <table class="deadlines">
          <thead>
            <tr>
              <th scope="col">{t('incident.col.deadline')}</th>
              <th scope="col">{t('incident.col.due')}</th>
              <th scope="col">{t('incident.col.state')}</th>
              <th scope="col">{t('incident.col.left')}</th>
            </tr>
          </thead>
          <tbody>
            {DEADLINES.map((k) => {
              const due = inc.deadlines?.[k] ?? null;
              const state = inc.deadline_states?.[k] ?? 'none';
              return (
                <tr key={k} data-deadline={k}>
                  <th scope="row">{vocab('deadline', k)}</th>
                  <td>{due ? formatTime(due, zone, l) : t('common.none')}</td>
                  <td>{vocab('dlstate', state)}</td>
                  <td>{due && state === 'pending' ? <Countdown due={due} now={now} /> : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="h-timeline">
        <h2 id="h-timeline">{t('incident.timeline')}</h2>
        {events.length === 0 ? (
          <p>{t('incident.empty_timeline')}</p>
        ) : (
          <ol class="timeline">
            {events.map((e) => (
              <li key={e.seq}>
                <time dateTime={e.time}>{formatTime(e.time, zone, l)}</time> {eventText(e)}
              </li>
            ))}
          </ol>
        )}
      </section>
      <section aria-labelledby="h-revisions">
        <h2 id="h-revisions">{t('incident.revisions')}</h2>
        <ol class="revisions">
          {revisions.map((r) => (
            <li key={r.n} data-revision={r.n}>
              <p>
                <strong>{t('revision.n', { n: r.n })}</strong> <time dateTime={r.at}>{formatTime(r.at, zone, l)}</time> {t('revision.by', { by: r.by })}
              </p>
              {r.n > 1 && (
                <table class="changes">
                  <thead>
                    <tr>
                      <th scope="col">{t('revision.col.field')}</th>
                      <th scope="col">{t('revision.col.before')}</th>
                      <th scope="col">{t('revision.col.after')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {revisionChanges(revisions, r).map((c) => (
                      <tr key={c.field}>
                        <th scope="row">{fieldName(c.field)}</th>
                        <td>{shownValue(c.field, c.before)}</td>
                        <td>{shownValue(c.field, c.after)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="h-evidence">
        <h2 id="h-evidence">{t('incident.evidence')}</h2>
        {evidence.length === 0 ? (
          <p>{t('evidence.none')}</p>
        ) : (
          <table class="evidence">
            <thead>
              <tr>
                <th scope="col">{t('evidence.col.n')}</th>
                <th scope="col">{t('evidence.col.name')}</th>
                <th scope="col">{t('evidence.col.size')}</th>
                <th scope="col">{t('evidence.col.sha256')}</th>
                <th scope="col">{t('evidence.col.custodian')}</th>
                <th scope="col">{t('evidence.col.acquired_at')}</th>
              </tr>
            </thead>
            <tbody>
              {evidence.map((e) => (
                <tr key={e.n}>
                  <td>{e.n}</td>
                  <td>{e.name}</td>
                  <td>{e.size}</td>
                  <td><code class="hash">{e.sha256}</code></td>
                  <td>{e.custodian}</td>
                  <td>{formatTime(e.acquired_at, zone, l)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {evidence.map((e) => (
          <Custody key={`${e.n}-${e.custodian}`} id={props.id} n={e.n} name={e.name} zone={zone} />
        ))}
        <form class="upload" onSubmit={upload}>
          <p>
            <label for="evidence-file">{t('evidence.file')}</label>
            <input id="evidence-file" name="file" type="file" required />
          </p>
          <p><button type="submit">{t('evidence.upload')}</button></p>
          {progress !== null && (
            <p>
              <label for="evidence-progress">{t('evidence.uploading')}</label>{' '}
              <progress id="evidence-progress" max={100} value={Math.round(progress * 100)}>{Math.round(progress * 100)}%</progress>
            </p>
          )}
          {uploaded && (
            <p class="note" role="status" data-testid="evidence-done">
              {t('evidence.done', { name: uploaded.name, sha: uploaded.sha256 })}
            </p>
          )}
          {upError && <p class="error" role="alert">{t('evidence.failed', { msg: upError })}</p>}
        </form>
      </section>
    </>
  );
}

/** Whether the caller may review inc: staff, or an officer of an agency above it (the server decides; this only offers the form). */
function canReview(s: Session, inc: Incident): boolean {
  return inc.status === 'reported' && inc.deadline_states?.review === 'pending' && (s.role === 'admin' || s.role === 'analyst' || (s.role === 'agency' && s.agency !== inc.agency));
}

const FIELD_KEYS: Record<string, MessageKey> = {
  title: 'incident.field.title',
  description: 'incident.field.description',
  category: 'incident.field.category',
  asset: 'incident.field.asset',
  confidentiality: 'incident.field.confidentiality',
  integrity: 'incident.field.integrity',
  availability: 'incident.field.availability',
  occurred_at: 'incident.field.occurred_at',
  aware_at: 'incident.field.aware_at',
  level: 'incident.field.level',
  measures: 'incident.field.measures',
  support_needed: 'incident.field.support_needed',
  notes: 'incident.field.notes',
};

function fieldName(f: string): string {
  return f in FIELD_KEYS ? t(FIELD_KEYS[f]) : t('revision.other_field');
}

function shownValue(field: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return t('common.none');
  if (typeof v === 'string') {
    if (field === 'asset') return vocab('asset', v);
    if (field === 'confidentiality' || field === 'integrity') return vocab('impact', v);
    if (field === 'availability') return vocab('avail', v);
    if (field === 'category') return vocab('category', v);
    if (field === 'occurred_at' || field === 'aware_at') return v;
  }
  if (field === 'level' && typeof v === 'number') return t('level.n', { n: v });
  return valueText(v);
}

/** The report a draft or a level change left pending: the next step, filed from here. */
function PendingReport(props: { id: string; onDone: () => void }) {
  const [error, setError] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    setError('');
    try {
      const note = String(f.get('note') ?? '').trim();
      await api.fileReport(props.id, note ? { note } : {});
      props.onDone();
    } catch (err) {
      setError(String((err as Error).message ?? err));
    }
  };
  return (
    <form class="review" onSubmit={submit} aria-labelledby="h-pending">
      <h2 id="h-pending">{t('pending.title')}</h2>
      <p>{t('pending.intro')}</p>
      <p>
        <label for="pending-note">{t('pending.note')}</label>
        <input id="pending-note" name="note" type="text" maxLength={1000} />
      </p>
      <p><button type="submit">{t('pending.submit')}</button></p>
      {error && <p class="error" role="alert">{t('common.error', { msg: error })}</p>}
    </form>
  );
}

function ReviewForm(props: { id: string; onDone: () => void }) {
  const [error, setError] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    setError('');
    try {
      const note = String(f.get('note') ?? '').trim();
      await api.advance(props.id, note ? { status: 'reviewed', note } : { status: 'reviewed' });
      props.onDone();
    } catch (err) {
      setError(String((err as Error).message ?? err));
    }
  };
  return (
    <form class="review" onSubmit={submit} aria-labelledby="h-review">
      <h2 id="h-review">{t('review.form')}</h2>
      <p>
        <label for="review-note">{t('review.note')}</label>
        <input id="review-note" name="note" type="text" maxLength={1000} />
      </p>
      <p><button type="submit">{t('review.submit')}</button></p>
      {error && <p class="error" role="alert">{t('common.error', { msg: error })}</p>}
    </form>
  );
}

/** One piece of evidence's chain of custody, shown on demand, with its transfer form. */
function Custody(props: { id: string; n: number; name: string; zone: string }) {
  const [open, setOpen] = useState(false);
  const [ev, setEv] = useState<EvidenceFull | null>(null);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const load = () =>
    api
      .evidenceOne(props.id, props.n)
      .then(setEv)
      .catch((e) => setError(String(e.message ?? e)));
  const show = () => {
    setOpen(!open);
    if (!open && !ev) load();
  };
  const transfer = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const f = new FormData(form);
    setError('');
    setDone('');
    try {
      const r = await api.transfer(props.id, props.n, { to: String(f.get('to') ?? ''), reason: String(f.get('reason') ?? '') });
      setEv(r);
      setDone(t('custody.done', { to: r.custodian }));
      form.reset();
    } catch (err) {
      setError(String((err as Error).message ?? err));
    }
  };
  const l = lang();
  const base = `custody-${props.n}`;
  return (
    <div class="custody" data-custody={props.n}>
      <p>
        <button type="button" class="secondary" aria-expanded={open} aria-controls={base} onClick={show}>
          {t('custody.show', { n: props.n, name: props.name })}
        </button>
      </p>
      {open && (
        <div id={base}>
          {!ev && !error && <p>{t('common.loading')}</p>}
          {ev && (
            <table class="custody-chain">
              <caption>{t('custody.caption', { n: props.n, name: props.name })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('custody.col.at')}</th>
                  <th scope="col">{t('custody.col.from')}</th>
                  <th scope="col">{t('custody.col.to')}</th>
                  <th scope="col">{t('custody.col.reason')}</th>
                  <th scope="col">{t('custody.col.by')}</th>
                </tr>
              </thead>
              <tbody>
                {ev.custody.map((c, i) => (
                  <tr key={i}>
                    <td>{formatTime(c.at, props.zone, l)}</td>
                    <td>{c.from ?? t('common.none')}</td>
                    <td>{c.to}</td>
                    <td>{c.reason ?? ''}</td>
                    <td>{c.recorded_by}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <form class="transfer" onSubmit={transfer}>
            <p>
              <label for={`${base}-to`}>{t('custody.to')}</label>
              <input id={`${base}-to`} name="to" type="text" required maxLength={200} />
            </p>
            <p>
              <label for={`${base}-reason`}>{t('custody.reason')}</label>
              <input id={`${base}-reason`} name="reason" type="text" required maxLength={1000} />
            </p>
            <p><button type="submit">{t('custody.transfer')}</button></p>
          </form>
          {done && <p class="note" role="status">{done}</p>}
          {error && <p class="error" role="alert">{t('common.error', { msg: error })}</p>}
        </div>
      )}
    </div>
  );
}
