// An advisory's STIX 2.1 preview: the bundle the TAXII collection
// "Advisories" serves for it, exactly as the server gives it
// (GET /advisories/{id}/stix), shown indented, copied to the clipboard or
// downloaded as a file.
import { useEffect, useState } from 'preact/hooks';
import { intelApi, type Advisory, type Session } from '../api';
import { t, vocab } from '../i18n';
import { prettyJson, stixFileName } from '../intel';
import { linkClick } from '../router';
import { Done, Failure, useAttempt } from '../ui';

export function AdvisoryStix(props: { session: Session; id: string }) {
  const [adv, setAdv] = useState<Advisory | null>(null);
  const [bundle, setBundle] = useState<string | null>(null);
  const [error, , attempt] = useAttempt();
  const [done, setDone] = useState('');

  useEffect(() => {
    setBundle(null);
    attempt(async () => {
      const [a, b] = await Promise.all([intelApi.advisory(props.id), intelApi.advisoryStix(props.id)]);
      setAdv(a);
      setBundle(b);
    });
  }, [props.id]);

  const copy = () =>
    attempt(async () => {
      await navigator.clipboard.writeText(bundle ?? '');
      setDone(t('stix.copied'));
    });

  const download = () => {
    if (!bundle || !adv) return;
    const url = URL.createObjectURL(new Blob([bundle], { type: 'application/stix+json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = stixFileName(adv.id, adv.revision);
    document.body.appendChild(a);
    a.click();
    a.remove();
    URL.revokeObjectURL(url);
    setDone(t('stix.downloaded', { name: a.download }));
  };

  return (
    <>
      <h1>{t('stix.title', { id: props.id })}</h1>
      {adv && (
        <p>
          {t('stix.intro', { title: adv.title, revision: adv.revision, severity: vocab('severity', adv.severity), tlp: adv.tlp.toUpperCase() })}
        </p>
      )}
      <Failure msg={error} />
      {!bundle && !error && <p>{t('common.loading')}</p>}
      {bundle && (
        <>
          <p class="actions">
            <button type="button" onClick={copy}>{t('stix.copy')}</button>{' '}
            <button type="button" class="secondary" onClick={download}>{t('stix.download')}</button>
          </p>
          <Done text={done} testid="stix-done" />
          <pre class="stix" data-testid="stix" tabIndex={0} aria-label={t('stix.bundle')}>{prettyJson(bundle)}</pre>
        </>
      )}
      <p><a href="/advisories" onClick={linkClick}>{t('stix.back')}</a></p>
    </>
  );
}
