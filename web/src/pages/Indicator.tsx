// One indicator (GET /indicators/{type}/{value}), opened from intel
// search: its type, value and normal form, TLP and who it is shared with,
// sources, first and last seen, confidence, sightings; revoke with a
// reason and restore (DELETE /indicators/{type}/{value}?reason=,
// POST /indicators/restore), offered only when /me allows the caller the
// routes' access class (write-intel).
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { intelApi, type Indicator, type Session } from '../api';
import { lang, t, vocab } from '../i18n';
import { allows, sightingsTotal } from '../intel';
import { linkClick } from '../router';
import { formatTime } from '../time';
import { Done, Failure, Field, submitted, Table, useAttempt } from '../ui';
import { Facts, useMe } from './intelView';

export function IndicatorPage(props: { session: Session; type: string; value: string }) {
  const zone = props.session.time_zone;
  const me = useMe(props.session);
  const [ind, setInd] = useState<Indicator | null>(null);
  const [error, , attempt] = useAttempt();
  const [done, setDone] = useState('');

  const load = () => attempt(async () => setInd(await intelApi.indicator(props.type, props.value)));
  useEffect(() => {
    setInd(null);
    setDone('');
    load();
  }, [props.type, props.value]);

  const step = (revoke: boolean) =>
    submitted(async (f, form) => {
      const reason = String(f.get('reason') ?? '').trim();
      if (!ind || !reason) return;
      setDone('');
      await attempt(async () => {
        const r = revoke ? await intelApi.revoke(ind.type, ind.value, reason) : await intelApi.restore(ind.type, ind.value, reason);
        setInd(r);
        form.reset();
        setDone(t(revoke ? 'ind.revoked' : 'ind.restored', { value: r.value }));
      });
    });

  const l = lang();
  const heading = <h1>{t('ind.title')}</h1>;
  if (!ind)
    return (
      <>
        {heading}
        <Failure msg={error} />
        {!error && <p>{t('common.loading')}</p>}
        <p><a href="/search" onClick={linkClick}>{t('ind.back')}</a></p>
      </>
    );
  const total = sightingsTotal(ind);
  const shared =
    ind.status !== 'active'
      ? t('ind.share.none', { status: vocab('iocstatus', ind.status) })
      : ind.recipients && ind.recipients.length > 0
        ? t('ind.share.to', { tlp: ind.tlp.toUpperCase(), list: ind.recipients.join('、') })
        : t('ind.share.all', { tlp: ind.tlp.toUpperCase() });
  const canWrite = allows(me, 'write-intel');
  const revoked = ind.status === 'revoked';
  return (
    <>
      {heading}
      <p class="ind-value"><code class="hash">{ind.value}</code></p>
      <Failure msg={error} />
      <Done text={done} testid="ind-done" />
      <Facts
        testid="indicator"
        rows={[
          ...(props.value !== ind.value ? [['asked', t('ind.asked'), <code class="hash">{props.value}</code>] as [string, string, ComponentChildren]] : []),
          ['type', t('ind.type'), vocab('ioctype', ind.type)],
          ['value', t('ind.normal'), <code class="hash">{ind.value}</code>],
          ['status', t('search.col.status'), vocab('iocstatus', ind.status)],
          ['tlp', 'TLP', `TLP:${ind.tlp.toUpperCase()}`],
          ['share', t('ind.share'), shared],
          ['confidence', t('ind.confidence'), ind.confidence === null ? t('common.none') : String(ind.confidence)],
          ['first_seen', t('ind.first_seen'), formatTime(ind.first_seen, zone, l) || t('common.none')],
          ['last_seen', t('ind.last_seen'), formatTime(ind.last_seen, zone, l) || t('common.none')],
          ['sightings', t('ind.sightings'), total === null ? t('ind.sightings.hidden') : t('ind.sightings.n', { n: total })],
          ['labels', t('ind.labels'), ind.labels && ind.labels.length ? ind.labels.join('、') : t('common.none')],
        ]}
      />
      <h2>{t('ind.sources')}</h2>
      <Table
        cls="ind-sources"
        cols={[
          { head: t('ind.source'), cell: (s) => s.name, rowHeader: true },
          { head: t('ind.first_seen'), cell: (s) => formatTime(s.first_seen, zone, l) },
          { head: t('ind.last_seen'), cell: (s) => formatTime(s.last_seen, zone, l) },
        ]}
        rows={ind.sources}
        rowKey={(s) => s.name}
        rowData="source"
      />
      {ind.sightings && ind.sightings.length > 0 && (
        <>
          <h2>{t('ind.sightings')}</h2>
          <Table
            cls="ind-sightings"
            cols={[
              { head: t('ind.agency'), cell: (s) => s.agency, rowHeader: true },
              { head: t('ind.count'), cell: (s) => String(s.count) },
              { head: t('ind.first_seen'), cell: (s) => formatTime(s.first_seen, zone, l) },
              { head: t('ind.last_seen'), cell: (s) => formatTime(s.last_seen, zone, l) },
            ]}
            rows={ind.sightings}
            rowKey={(s) => s.agency}
            rowData="sighting"
          />
        </>
      )}
      {canWrite && (
        <form class="token-new" onSubmit={step(!revoked)} aria-labelledby="h-ind-step">
          <h2 id="h-ind-step">{t(revoked ? 'ind.restore' : 'ind.revoke')}</h2>
          <p>{t(revoked ? 'ind.restore.intro' : 'ind.revoke.intro')}</p>
          <Field id="ind-reason" label={t('ind.reason')}>
            <input id="ind-reason" name="reason" type="text" required maxLength={500} />
          </Field>
          <p><button type="submit" class={revoked ? undefined : 'danger'}>{t(revoked ? 'ind.restore' : 'ind.revoke')}</button></p>
        </form>
      )}
      <p><a href="/search" onClick={linkClick}>{t('ind.back')}</a></p>
    </>
  );
}
