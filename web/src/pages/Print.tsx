// The printable incident report (通報單): every legal field of the
// incident, its deadlines and its evidence with their SHA-256, laid out
// for paper (style.css @media print hides the portal's header).
import { useEffect, useState } from 'preact/hooks';
import { api, type Evidence, type Incident, type Session } from '../api';
import { lang, t } from '../i18n';
import { linkClick } from '../router';
import { formatTime } from '../time';
import { errorText, Failure, Listing, Table } from '../ui';
import { DEADLINES, deadlineCols, evidenceCols, fieldLabel, fieldTexts } from './incidentView';

/** Every legal field of the report, in the order of the form. */
const FIELDS = [
  'id',
  'agency',
  'title',
  'status',
  'level',
  'category',
  'asset',
  'confidentiality',
  'integrity',
  'availability',
  'occurred_at',
  'aware_at',
  'reported_at',
  'description',
  'measures',
  'support_needed',
  'notes',
];

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
      .catch((e) => setError(errorText(e)));
  }, [props.id]);
  if (error) return <Failure msg={error} />;
  if (!inc) return <p>{t('common.loading')}</p>;
  const l = lang();
  const texts = fieldTexts(inc, zone, l);
  return (
    <article class="print-report">
      <p class="no-print actions">
        <button type="button" onClick={() => window.print()}>{t('print.print')}</button>{' '}
        <a href={`/incidents/${encodeURIComponent(inc.id)}`} onClick={linkClick}>{t('print.back')}</a>
      </p>
      <h1>{t('print.title')}</h1>
      <p>{t('print.printed', { at: formatTime(new Date().toISOString(), zone, l) })}</p>
      <Table
        cls="print-fields"
        cols={[
          { rowHeader: true, cell: (k) => fieldLabel(k) },
          { cell: (k) => texts[k] || t('common.none') },
        ]}
        rows={FIELDS}
        rowKey={(k) => k}
      />
      <h2>{t('incident.deadlines')}</h2>
      <Table cols={deadlineCols(inc, zone, l)} rows={DEADLINES} rowKey={(k) => k} />
      <h2>{t('incident.evidence')}</h2>
      <Listing list={evidence} error="" empty={t('evidence.none')}>
        {(rows) => <Table cols={evidenceCols()} rows={rows} rowKey={(e) => e.n} />}
      </Listing>
      <div class="signatures">
        <p>{t('print.sign.reporter')}</p>
        <p>{t('print.sign.supervisor')}</p>
      </div>
    </article>
  );
}
