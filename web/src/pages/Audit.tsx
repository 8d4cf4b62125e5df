// The audit log (GET /audit, administrators): whether the hash chain is
// intact as "gisac audit verify" finds it, and the entries filtered by
// actor, action, object and time, a page at a time.
import { useEffect, useState } from 'preact/hooks';
import { officeApi, type AuditEntry, type AuditVerification, type Session } from '../api';
import { lang, t } from '../i18n';
import { formatTime } from '../time';
import { Failure, labelled, ListTable, More, usePages, useAttempt } from '../ui';
import { FilterForm } from './filters';
import { auditQuery, type AuditFilter } from '../office';
import { valueText } from '../work';

const PAGE = 100;
const EMPTY: AuditFilter = { actor: '', action: '', object: '', since: '', until: '' };

function Verification(props: { v: AuditVerification; zone: string }) {
  const v = props.v;
  const l = lang();
  return (
    <section aria-labelledby="h-audit-verify" class={`verify ${v.intact ? 'intact' : 'broken'}`} data-testid="audit-verification" data-intact={String(v.intact)}>
      <h2 id="h-audit-verify">{t('audit.verify')}</h2>
      <p class={v.intact ? 'note' : 'error'}>
        {v.intact ? t('audit.intact', { n: v.entries, seq: v.head.seq }) : t('audit.broken', { seq: v.problem?.seq ?? '—' })}
      </p>
      {v.problem && <p><code class="hash">{v.problem.message}</code></p>}
      <p>{t('audit.head')} <code class="hash">{v.head.hash}</code></p>
      <p>
        {v.latest_checkpoint
          ? t('audit.checkpoints', { n: v.checkpoints, seq: v.latest_checkpoint.seq, time: formatTime(v.latest_checkpoint.time, props.zone, l), after: v.after_checkpoint })
          : t('audit.no_checkpoint')}
      </p>
    </section>
  );
}

export function Audit(props: { session: Session }) {
  const zone = props.session.time_zone;
  const [filter, setFilter] = useState<AuditFilter>(EMPTY);
  const [error, setError] = useAttempt();
  const [ver, setVer] = useState<AuditVerification | null>(null);

  const fetchPage = async (cursor: string | null) => {
    const r = await officeApi.audit(auditQuery(filter, PAGE, cursor));
    if (r.verification) setVer(r.verification);
    return { items: r.entries, next: r.next };
  };
  const pages = usePages<AuditEntry>(fetchPage, setError, { clear: true });
  useEffect(() => {
    pages.load();
  }, [filter]);

  const l = lang();
  return (
    <>
      <h1>{t('audit.title')}</h1>
      <p>{t('audit.intro')}</p>
      {ver && <Verification v={ver} zone={zone} />}
      <h2>{t('audit.entries')}</h2>
      <FilterForm prefix="a" label={t('audit.filters')} button={t('audit.apply')}
        fields={[
          { name: 'actor', label: t('audit.actor') },
          { name: 'action', label: t('audit.action'), describedBy: 'a-action-hint' },
          { name: 'object', label: t('audit.object') },
          { name: 'since', label: t('audit.since'), type: 'datetime-local' },
          { name: 'until', label: t('audit.until'), type: 'datetime-local' },
        ]}
        onApply={(v) => setFilter({ actor: v.actor, action: v.action, object: v.object, since: v.since, until: v.until })}
      />
      <p id="a-action-hint" class="hint">{t('audit.action_hint')}</p>
      <Failure msg={error} />
      <ListTable list={pages.list} error={error} empty={t('audit.empty')} cls="audit" caption={t('audit.entries')} rowKey={(e) => e.seq} rowData="audit"
        cols={[
          labelled<AuditEntry>('audit.col.seq', (e) => String(e.seq)),
          labelled<AuditEntry>('audit.col.time', (e) => formatTime(e.ts, zone, l)),
          labelled<AuditEntry>('audit.col.actor', (e) => e.actor),
          labelled<AuditEntry>('audit.col.action', (e) => <code>{e.action}</code>),
          labelled<AuditEntry>('audit.col.object', (e) => e.object ?? t('common.none')),
          labelled<AuditEntry>('audit.col.detail', (e) => <code class="hash">{valueText(e.detail)}</code>),
        ]}
        after={<More next={pages.next} onMore={pages.more} />}
      />
    </>
  );
}
