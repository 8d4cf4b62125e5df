// The printable incident report (通報單): every legal field of the
// incident, its deadlines and its evidence with their SHA-256, laid out
// for paper (style.css @media print hides the portal's header).
import { useEffect, useState } from 'preact/hooks';
import { api, type Evidence, type Incident, type Session } from '../api';
import { lang, t, vocab, type MessageKey } from '../i18n';
import { linkClick } from '../router';
import { formatTime } from '../time';

const DEADLINES = ['report', 'review', 'recover', 'investigation_report'];

export function PrintPage(props: { session: Session; id: string }) {
  const zone = props.session.time_zone;
  const [inc, setInc] = useState<Incident | null>(null);
  const [evidence, setEvidence] = useState<Evidence[]>([]);
  const [error, setError] = useState('');
  useEffect(() => {
    Promise.all([api.incident(props.id), api.evidence(props.id)])
      .then(([i, e]) => {
        setInc(i);
        setEvidence(e.evidence);
      })
      .catch((e) => setError(String(e.message ?? e)));
  }, [props.id]);
  if (error) return <p class="error" role="alert">{t('common.error', { msg: error })}</p>;
  if (!inc) return <p>{t('common.loading')}</p>;
  const l = lang();
  const support = inc.support_needed;
  const rows: [MessageKey, string][] = [
    ['incident.field.id', inc.id],
    ['incident.field.agency', inc.agency],
    ['incident.field.title', inc.title],
    ['incident.field.status', vocab('status', inc.status)],
    ['incident.field.level', (inc.level ? t('level.n', { n: inc.level }) : t('level.none')) + (inc.major ? ` · ${t('level.major')}` : '')],
    ['incident.field.category', vocab('category', inc.category)],
    ['incident.field.asset', vocab('asset', inc.asset)],
    ['incident.field.confidentiality', vocab('impact', inc.confidentiality)],
    ['incident.field.integrity', vocab('impact', inc.integrity)],
    ['incident.field.availability', vocab('avail', inc.availability)],
    ['incident.field.occurred_at', formatTime(inc.occurred_at, zone, l)],
    ['incident.field.aware_at', formatTime(inc.aware_at, zone, l)],
    ['incident.field.reported_at', formatTime(inc.reported_at, zone, l)],
    ['incident.field.description', inc.description ?? ''],
    ['incident.field.measures', inc.measures ?? ''],
    ['incident.field.support_needed', support ? `${support.needed ? t('common.yes') : t('common.no')}${support.detail ? `：${support.detail}` : ''}` : ''],
    ['incident.field.notes', inc.notes ?? ''],
  ];
  return (
    <article class="print-report">
      <p class="no-print actions">
        <button type="button" onClick={() => window.print()}>{t('print.print')}</button>{' '}
        <a href={`/incidents/${encodeURIComponent(inc.id)}`} onClick={linkClick}>{t('print.back')}</a>
      </p>
      <h1>{t('print.title')}</h1>
      <p>{t('print.printed', { at: formatTime(new Date().toISOString(), zone, l) })}</p>
      <table class="print-fields">
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{t(k)}</th>
              <td>{v || t('common.none')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('incident.deadlines')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('incident.col.deadline')}</th>
            <th scope="col">{t('incident.col.due')}</th>
            <th scope="col">{t('incident.col.state')}</th>
          </tr>
        </thead>
        <tbody>
          {DEADLINES.map((k) => (
            <tr key={k}>
              <th scope="row">{vocab('deadline', k)}</th>
              <td>{inc.deadlines?.[k] ? formatTime(inc.deadlines[k], zone, l) : t('common.none')}</td>
              <td>{vocab('dlstate', inc.deadline_states?.[k] ?? 'none')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('incident.evidence')}</h2>
      {evidence.length === 0 ? (
        <p>{t('evidence.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('evidence.col.n')}</th>
              <th scope="col">{t('evidence.col.name')}</th>
              <th scope="col">{t('evidence.col.size')}</th>
              <th scope="col">{t('evidence.col.sha256')}</th>
            </tr>
          </thead>
          <tbody>
            {evidence.map((e) => (
              <tr key={e.n}>
                <td>{e.n}</td>
                <td>{e.name}</td>
                <td>{e.size}</td>
                <td><code class="hash">{e.sha256}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="signatures">
        <p>{t('print.sign.reporter')}</p>
        <p>{t('print.sign.supervisor')}</p>
      </div>
    </article>
  );
}
