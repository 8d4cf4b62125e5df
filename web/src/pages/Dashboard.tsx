// The security office's dashboard: the alert light of the whole and of
// each sector with its reasons (GET /status), and the key indicators of
// the year with the programme's targets met or not (GET /report/kpi),
// their figures drawn as bars beside the numbers.
import { useEffect, useState } from 'preact/hooks';
import { api, type Kpi, type LightStatus, type Reason, type Session } from '../api';
import { lang, t, vocab } from '../i18n';
import { formatTime } from '../time';
import { errorText, Failure, Table } from '../ui';
import { barWidths } from '../work';

function reasonText(r: Reason): string {
  const n = r.count ?? r.sightings_24h ?? 0;
  const ids = r.incidents && r.incidents.length ? `（${r.incidents.join('、')}${r.other_agencies ? t('dash.others', { n: r.other_agencies }) : ''}）` : '';
  return `${vocab('rule', r.rule)}：${t('dash.count', { n })}${ids}`;
}

function Light(props: { light: string }) {
  return <span class={`light light-${props.light}`} data-light={props.light}>{vocab('light', props.light)}</span>;
}

export function Dashboard(props: { session: Session }) {
  const zone = props.session.time_zone;
  const [status, setStatus] = useState<LightStatus | null>(null);
  const [kpi, setKpi] = useState<Kpi | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    Promise.all([api.status(), api.kpi()])
      .then(([s, k]) => {
        setStatus(s);
        setKpi(k);
      })
      .catch((e) => setError(errorText(e)));
  }, []);
  if (error) return <Failure msg={error} />;
  if (!status || !kpi) return <p>{t('common.loading')}</p>;
  const l = lang();
  const levels = ['undetermined', '1', '2', '3', '4'];
  const widths = barWidths(levels.map((k) => kpi.incidents.by_level[k] ?? 0));
  return (
    <>
      <h1>{t('dash.title')}</h1>
      <section aria-labelledby="h-light">
        <h2 id="h-light">{t('dash.light')}</h2>
        <p class="light-whole" data-testid="light">
          {t('dash.whole')} <Light light={status.light} />
        </p>
        <p>{t('dash.generated', { at: formatTime(status.generated, zone, l) })}</p>
        <ul>
          {status.reasons.map((r, i) => (
            <li key={i}><Light light={r.light} /> {reasonText(r)}</li>
          ))}
        </ul>
        {(status.sectors ?? []).length > 0 && (
          <Table
            caption={t('dash.sectors')}
            cols={[
              { head: t('dash.sector'), rowHeader: true, cell: (x) => x.sector },
              { head: t('dash.light'), cell: (x) => <Light light={x.light} /> },
              { head: t('dash.reasons'), cell: (x) => x.reasons.map(reasonText).join('；') || t('common.none') },
            ]}
            rows={status.sectors ?? []}
            rowKey={(x) => x.sector}
            rowData="sector"
          />
        )}
      </section>
      <section aria-labelledby="h-kpi">
        <h2 id="h-kpi">{t('dash.kpi', { period: kpi.period.name })}</h2>
        <Table
          cls="targets"
          caption={t('dash.targets')}
          cols={[
            { head: t('dash.target'), rowHeader: true, cell: (x) => vocab('target', x.id) },
            { head: t('dash.value'), cell: (x) => x.value },
            { head: t('dash.goal'), cell: (x) => x.target },
            { head: t('dash.met'), cls: (x) => (x.met ? 'met' : 'unmet'), cell: (x) => (x.met ? t('dash.yes_met') : t('dash.not_met')) },
          ]}
          rows={kpi.targets}
          rowKey={(x) => x.id}
          rowData="target"
        />
        <Table
          cls="chart"
          caption={t('dash.by_level', { n: kpi.incidents.total })}
          cols={[
            { rowHeader: true, cell: (k) => (k === 'undetermined' ? t('level.none') : t('level.n', { n: k })) },
            {
              cls: () => 'bar-cell',
              cell: (k) => (
                <>
                  <span class="bar" style={{ width: `${widths[levels.indexOf(k)] * 0.8}%` }} aria-hidden="true" />
                  <span class="bar-value">{kpi.incidents.by_level[k] ?? 0}</span>
                </>
              ),
            },
          ]}
          rows={levels}
          rowKey={(k) => k}
          rowData="level"
        />
        <Table
          caption={t('dash.deadlines')}
          cols={[
            { head: t('incident.col.deadline'), rowHeader: true, cell: ([k]) => vocab('deadline', k) },
            { head: t('dlstate.met'), cell: ([, d]) => d.met },
            { head: t('dash.breached'), cell: ([, d]) => d.breached },
            { head: t('dlstate.pending'), cell: ([, d]) => d.open },
            { head: t('dash.met_share'), cell: ([, d]) => (d.met_share === null ? t('common.none') : `${d.met_share}%`) },
          ]}
          rows={Object.entries(kpi.deadlines)}
          rowKey={([k]) => k}
        />
      </section>
    </>
  );
}
