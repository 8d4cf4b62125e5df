// What a partner CERT (role consumer) sees: its TAXII 2.1 and feed URLs
// with the TLPs it receives (GET /me's view), a ready line of
// configuration for each, and its own API tokens: made (the secret shown
// once), revoked, and when each was last used to pull.
import { useEffect, useState } from 'preact/hooks';
import { api, officeApi, type Me, type Session, type Token } from '../api';
import { lang, t, vocab } from '../i18n';
import { formatTime } from '../time';
import { Failure, Listing, Table, useAttempt } from '../ui';
import { TokenForm, useTokenSteps } from './tokens';
import { partnerSnippets, partnerUrls, tlpReach } from '../office';

const tlpText = (xs: string[]) => xs.map((x) => `TLP:${x.toUpperCase()}`).join('、');

function Url(props: { label: string; url: string; id: string }) {
  return (
    <tr data-url={props.id}>
      <th scope="row">{props.label}</th>
      <td><code class="hash">{props.url}</code></td>
    </tr>
  );
}

export function Partner(props: { session: Session }) {
  const zone = props.session.time_zone;
  const [me, setMe] = useState<Me | null>(null);
  const [tokens, setTokens] = useState<Token[] | null>(null);
  const [error, , attempt] = useAttempt();

  const fetchTokens = async () => setTokens((await api.tokens(props.session.user)).tokens);
  useEffect(() => {
    attempt(async () => {
      setMe(await officeApi.me());
      await fetchTokens();
    }, false);
  }, []);

  const steps = useTokenSteps(props.session.user, attempt, fetchTokens);

  const u = partnerUrls(location.origin);
  const reach = me ? tlpReach(me.max_tlp, me.recipient) : null;
  const l = lang();
  return (
    <>
      <h1>{t('partner.title')}</h1>
      <p>{t('partner.intro')}</p>
      <Failure msg={error} />
      {reach && (
        <p data-testid="partner-tlp">
          {t('partner.tlp', { shared: tlpText(reach.shared) })}
          {reach.addressed.length > 0 && ` ${t('partner.tlp_addressed', { tlp: tlpText(reach.addressed), agency: me?.recipient ?? '' })}`}
        </p>
      )}
      <section aria-labelledby="h-partner-taxii">
        <h2 id="h-partner-taxii">{t('partner.taxii')}</h2>
        <table class="urls">
          <caption class="sr-only">{t('partner.taxii')}</caption>
          <tbody>
            <Url id="taxii-discovery" label={t('partner.discovery')} url={u.taxii.discovery} />
            <Url id="taxii-root" label={t('partner.api_root')} url={u.taxii.apiRoot} />
            <Url id="taxii-indicators" label={t('partner.indicators')} url={u.taxii.indicators} />
            <Url id="taxii-advisories" label={t('partner.advisories')} url={u.taxii.advisories} />
          </tbody>
        </table>
      </section>
      <section aria-labelledby="h-partner-feeds">
        <h2 id="h-partner-feeds">{t('partner.feeds')}</h2>
        <table class="urls">
          <caption class="sr-only">{t('partner.feeds')}</caption>
          <tbody>
            <Url id="misp" label={t('partner.misp')} url={u.misp} />
            {u.feeds.map((f) => <Url key={f.format} id={`feed-${f.format}`} label={vocab('partner.feed', f.format)} url={f.url} />)}
            <Url id="suricata" label={t('partner.suricata')} url={u.suricata} />
          </tbody>
        </table>
        <p>{t('partner.auth')}</p>
        <pre class="snippet" tabIndex={0} aria-label={t('partner.snippet')}><code>{`curl -H "Authorization: Bearer $TOKEN" ${u.feeds[0].url}\ncurl -H "Authorization: Bearer $TOKEN" -H "Accept: application/taxii+json;version=2.1" ${u.taxii.indicators}`}</code></pre>
      </section>
      <section aria-labelledby="h-partner-config">
        <h2 id="h-partner-config">{t('partner.config')}</h2>
        <p>{t('partner.config_intro')}</p>
        {partnerSnippets(u).map((x) => (
          <details key={x.tool} data-tool={x.tool}>
            <summary>{x.tool}</summary>
            <pre class="snippet" tabIndex={0} aria-label={t('partner.snippet_for', { tool: x.tool })}><code>{x.text}</code></pre>
          </details>
        ))}
      </section>
      <section aria-labelledby="h-partner-tokens">
        <h2 id="h-partner-tokens">{t('partner.tokens')}</h2>
        <Listing list={tokens} error={error} empty={t('tokens.empty')}>
          {(rows) => (
            <Table cls="tokens" caption={t('partner.tokens')} captionCls="sr-only" rows={rows} rowKey={(tk) => tk.id} rowData="token"
              cols={[
                { head: t('tokens.col.id'), label: t('tokens.col.id'), cell: (tk) => <code>{tk.id}</code> },
                { head: t('tokens.col.name'), label: t('tokens.col.name'), cell: (tk) => tk.name ?? '' },
                { head: t('tokens.col.status'), label: t('tokens.col.status'), cell: (tk) => vocab('tokenstatus', tk.status) },
                { head: t('tokens.col.expires'), label: t('tokens.col.expires'), cell: (tk) => (tk.expires ? formatTime(tk.expires, zone, l) : t('tokens.never')) },
                { head: t('partner.last_pull'), label: t('partner.last_pull'), cell: (tk) => (tk.last_used ? formatTime(tk.last_used, zone, l) : t('partner.never_pulled')) },
                {
                  head: t('tokens.col.action'),
                  label: t('tokens.col.action'),
                  cell: (tk) =>
                    tk.status === 'active' && (
                      <button type="button" class="secondary" onClick={() => steps.revoke(tk)} aria-label={t('tokens.revoke_for', { id: tk.id })}>{t('tokens.revoke')}</button>
                    ),
                },
              ]}
            />
          )}
        </Listing>
        <TokenForm prefix="p-token" onSubmit={steps.create} secret={steps.secret} />
      </section>
    </>
  );
}
