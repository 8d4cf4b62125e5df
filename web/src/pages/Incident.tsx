import { Fragment } from 'preact';
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
import { Done, errorText, Failure, Field, Listing, submitted, Table, useAttempt } from '../ui';
import { revisionChanges, valueText } from '../work';
import { Countdown, DEADLINES, deadlineCols, evidenceCols, fieldLabel, fieldTexts, NoteForm } from './incidentView';

/** The fields of the incident's details, in the order shown. */
const DETAILS = ['agency', 'status', 'level', 'category', 'asset', 'confidentiality', 'integrity', 'availability', 'aware_at', 'occurred_at', 'reported_at', 'description'];

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
      .catch((e) => setError(errorText(e)));

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
      setUpError(errorText(err));
      setProgress(null);
    }
  };

  if (error) return <Failure msg={error} />;
  if (!inc) return <p>{t('common.loading')}</p>;
  const l = lang();
  const texts = fieldTexts(inc, zone, l);

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
          {DETAILS.map((k) => (
            <Fragment key={k}>
              <dt>{fieldLabel(k)}</dt>
              <dd>{texts[k] || t('common.none')}</dd>
            </Fragment>
          ))}
        </dl>
      </section>
      <section aria-labelledby="h-deadlines">
        <h2 id="h-deadlines">{t('incident.deadlines')}</h2>
        <Table
          cls="deadlines"
          cols={[
            ...deadlineCols(inc, zone, l),
            {
              head: t('incident.col.left'),
              cell: (k) => {
                const due = inc.deadlines?.[k] ?? null;
                return due && (inc.deadline_states?.[k] ?? 'none') === 'pending' ? <Countdown due={due} now={now} /> : '—';
              },
            },
          ]}
          rows={DEADLINES}
          rowKey={(k) => k}
          rowData="deadline"
        />
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
                <Table
                  cls="changes"
                  cols={[
                    { head: t('revision.col.field'), rowHeader: true, cell: (c) => fieldName(c.field) },
                    { head: t('revision.col.before'), cell: (c) => shownValue(c.field, c.before) },
                    { head: t('revision.col.after'), cell: (c) => shownValue(c.field, c.after) },
                  ]}
                  rows={revisionChanges(revisions, r)}
                  rowKey={(c) => c.field}
                />
              )}
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="h-evidence">
        <h2 id="h-evidence">{t('incident.evidence')}</h2>
        <Listing list={evidence} error="" empty={t('evidence.none')}>
          {(rows) => (
            <Table
              cls="evidence"
              cols={[
                ...evidenceCols(),
                { head: t('evidence.col.custodian'), cell: (e) => e.custodian },
                { head: t('evidence.col.acquired_at'), cell: (e) => formatTime(e.acquired_at, zone, l) },
              ]}
              rows={rows}
              rowKey={(e) => e.n}
            />
          )}
        </Listing>
        {evidence.map((e) => (
          <Custody key={`${e.n}-${e.custodian}`} id={props.id} n={e.n} name={e.name} zone={zone} />
        ))}
        <form class="upload" onSubmit={upload}>
          <Field id="evidence-file" label={t('evidence.file')}>
            <input id="evidence-file" name="file" type="file" required />
          </Field>
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
          <Failure msg={upError} text="evidence.failed" />
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
  return (
    <NoteForm
      hid="h-pending"
      title={t('pending.title')}
      intro={<p>{t('pending.intro')}</p>}
      noteId="pending-note"
      noteLabel={t('pending.note')}
      submit={t('pending.submit')}
      send={(note) => api.fileReport(props.id, note ? { note } : {})}
      onDone={props.onDone}
    />
  );
}

function ReviewForm(props: { id: string; onDone: () => void }) {
  return (
    <NoteForm
      hid="h-review"
      title={t('review.form')}
      noteId="review-note"
      noteLabel={t('review.note')}
      submit={t('review.submit')}
      send={(note) => api.advance(props.id, note ? { status: 'reviewed', note } : { status: 'reviewed' })}
      onDone={props.onDone}
    />
  );
}

/** One piece of evidence's chain of custody, shown on demand, with its transfer form. */
function Custody(props: { id: string; n: number; name: string; zone: string }) {
  const [open, setOpen] = useState(false);
  const [ev, setEv] = useState<EvidenceFull | null>(null);
  const [error, , attempt] = useAttempt();
  const [done, setDone] = useState('');
  const load = () => attempt(async () => setEv(await api.evidenceOne(props.id, props.n)), false);
  const show = () => {
    setOpen(!open);
    if (!open && !ev) load();
  };
  const transfer = submitted(async (f, form) => {
    setDone('');
    await attempt(async () => {
      const r = await api.transfer(props.id, props.n, { to: String(f.get('to') ?? ''), reason: String(f.get('reason') ?? '') });
      setEv(r);
      setDone(t('custody.done', { to: r.custodian }));
      form.reset();
    });
  });
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
            <Table
              cls="custody-chain"
              caption={t('custody.caption', { n: props.n, name: props.name })}
              cols={[
                { head: t('custody.col.at'), cell: (x) => formatTime(x.at, props.zone, l) },
                { head: t('custody.col.from'), cell: (x) => x.from ?? t('common.none') },
                { head: t('custody.col.to'), cell: (x) => x.to },
                { head: t('custody.col.reason'), cell: (x) => x.reason ?? '' },
                { head: t('custody.col.by'), cell: (x) => x.recorded_by },
              ]}
              rows={ev.custody.map((x, i) => ({ ...x, i }))}
              rowKey={(x) => x.i}
            />
          )}
          <form class="transfer" onSubmit={transfer}>
            <Field id={`${base}-to`} label={t('custody.to')}>
              <input id={`${base}-to`} name="to" type="text" required maxLength={200} />
            </Field>
            <Field id={`${base}-reason`} label={t('custody.reason')}>
              <input id={`${base}-reason`} name="reason" type="text" required maxLength={1000} />
            </Field>
            <p><button type="submit">{t('custody.transfer')}</button></p>
          </form>
          <Done text={done} />
          <Failure msg={error} />
        </div>
      )}
    </div>
  );
}
