// The security office's dashboard: the alert light of the whole and of
// each sector with its reasons (GET /status), and the key indicators of
// the year with the programme's targets met or not (GET /report/kpi),
// their figures drawn as bars beside the numbers.
import { useEffect, useState } from 'preact/hooks';
import { api, type Kpi, type LightStatus, type Reason, type Session } from '../api';
import { lang, t, vocab } from '../i18n';
import { formatTime } from '../time';
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
      .catch((e) => setError(String(e.message ?? e)));
  }, []);
  if (error) return <p class="error" role="alert">{t('common.error', { msg: error })}</p>;
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
          <table>
            <caption>{t('dash.sectors')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dash.sector')}</th>
                <th scope="col">{t('dash.light')}</th>
                <th scope="col">{t('dash.reasons')}</th>
              </tr>
            </thead>
            <tbody>
              {(status.sectors ?? []).map((s) => (
                <tr key={s.sector} data-sector={s.sector}>
                  <th scope="row">{s.sector}</th>
                  <td><Light light={s.light} /></td>
                  <td>{s.reasons.map(reasonText).join('；') || t('common.none')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="h-kpi">
        <h2 id="h-kpi">{t('dash.kpi', { period: kpi.period.name })}</h2>
        <table class="targets">
          <caption>{t('dash.targets')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dash.target')}</th>
              <th scope="col">{t('dash.value')}</th>
              <th scope="col">{t('dash.goal')}</th>
              <th scope="col">{t('dash.met')}</th>
            </tr>
          </thead>
          <tbody>
            {kpi.targets.map((x) => (
              <tr key={x.id} data-target={x.id}>
                <th scope="row">{vocab('target', x.id)}</th>
                <td>{x.value}</td>
                <td>{x.target}</td>
                <td class={x.met ? 'met' : 'unmet'}>{x.met ? t('dash.yes_met') : t('dash.not_met')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table class="chart">
          <caption>{t('dash.by_level', { n: kpi.incidents.total })}</caption>
          <tbody>
            {levels.map((k, i) => (
              <tr key={k} data-level={k}>
                <th scope="row">{k === 'undetermined' ? t('level.none') : t('level.n', { n: k })}</th>
                <td class="bar-cell">
                  <span class="bar" style={{ width: `${widths[i] * 0.8}%` }} aria-hidden="true" />
                  <span class="bar-value">{kpi.incidents.by_level[k] ?? 0}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <table>
          <caption>{t('dash.deadlines')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('incident.col.deadline')}</th>
              <th scope="col">{t('dlstate.met')}</th>
              <th scope="col">{t('dash.breached')}</th>
              <th scope="col">{t('dlstate.pending')}</th>
              <th scope="col">{t('dash.met_share')}</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(kpi.deadlines).map(([k, d]) => (
              <tr key={k}>
                <th scope="row">{vocab('deadline', k)}</th>
                <td>{d.met}</td>
                <td>{d.breached}</td>
                <td>{d.open}</td>
                <td>{d.met_share === null ? t('common.none') : `${d.met_share}%`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
