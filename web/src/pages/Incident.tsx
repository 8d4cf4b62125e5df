import { useEffect, useState } from 'preact/hooks';
import {
  api,
  uploadEvidence,
  type Evidence,
  type Incident,
  type IncidentEvent,
  type Session,
} from '../api';
import { catalogues, lang, t, vocab, type MessageKey } from '../i18n';
import { useNow } from '../router';
import { formatTime } from '../time';
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
  const now = useNow();

  const load = () =>
    Promise.all([api.incident(props.id), api.events(props.id), api.evidence(props.id)])
      .then(([i, ev, evd]) => {
        setInc(i);
        setEvents(ev.events);
        setEvidence(evd.evidence);
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
