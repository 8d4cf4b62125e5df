// The agency's sensor accounts and their API tokens: the officer sees its
// agency's sensors, makes a token for one (its secret shown once) and
// revokes tokens (docs/token.md: an officer manages the tokens of its
// own agency's sensors and its own).
import { useEffect, useState } from 'preact/hooks';
import { api, type Token, type User, type Session } from '../api';
import { lang, t, vocab } from '../i18n';
import { formatTime } from '../time';
import { Failure, Listing, Table, useAttempt } from '../ui';
import { TokenForm, useTokenSteps } from './tokens';
import { userCols } from './Admin';

export function Sensors(props: { session: Session }) {
  const zone = props.session.time_zone;
  const [sensors, setSensors] = useState<User[] | null>(null);
  const [tokens, setTokens] = useState<Token[]>([]);
  const [error, , attempt] = useAttempt();

  const fetchAll = async () => {
    const u = await api.users();
    const s = u.users.filter((x) => x.role === 'sensor');
    const lists = await Promise.all([api.tokens(), ...s.map((x) => api.tokens(x.name))]);
    setSensors(s);
    setTokens(lists.flatMap((x) => x.tokens));
  };
  useEffect(() => {
    attempt(fetchAll, false);
  }, []);

  const steps = useTokenSteps(props.session.user, attempt, fetchAll);

  const l = lang();
  const uc = userCols(zone, l);
  const owners = [props.session.user, ...(sensors ?? []).map((s) => s.name)];
  return (
    <>
      <h1>{t('sensors.title')}</h1>
      <Failure msg={error} />
      <section aria-labelledby="h-sensors">
        <h2 id="h-sensors">{t('sensors.list')}</h2>
        <Listing list={sensors} error={error} empty={t('sensors.empty')}>
          {(rows) => <Table cols={[uc.name, uc.status, uc.created]} rows={rows} rowKey={(u) => u.name} rowData="sensor" />}
        </Listing>
      </section>
      <section aria-labelledby="h-tokens">
        <h2 id="h-tokens">{t('tokens.list')}</h2>
        <Listing list={tokens} error="" empty={t('tokens.empty')}>
          {(rows) => (
            <Table
              cols={[
                { head: t('tokens.col.id'), cell: (tk) => <code>{tk.id}</code> },
                { head: t('tokens.col.user'), cell: (tk) => tk.user },
                { head: t('tokens.col.name'), cell: (tk) => tk.name ?? '' },
                { head: t('tokens.col.status'), cell: (tk) => vocab('tokenstatus', tk.status) },
                { head: t('tokens.col.expires'), cell: (tk) => (tk.expires ? formatTime(tk.expires, zone, l) : t('tokens.never')) },
                { head: t('tokens.col.last_used'), cell: (tk) => (tk.last_used ? formatTime(tk.last_used, zone, l) : t('common.none')) },
                {
                  head: t('tokens.col.action'),
                  cell: (tk) =>
                    tk.status === 'active' && (
                      <button type="button" class="secondary" onClick={() => steps.revoke(tk)} aria-label={t('tokens.revoke_for', { id: tk.id })}>{t('tokens.revoke')}</button>
                    ),
                },
              ]}
              rows={rows}
              rowKey={(tk) => tk.id}
              rowData="token"
            />
          )}
        </Listing>
        <TokenForm prefix="token" owners={owners} onSubmit={steps.create} secret={steps.secret} />
      </section>
    </>
  );
}
