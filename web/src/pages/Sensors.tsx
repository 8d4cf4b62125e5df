// The agency's sensor accounts and their API tokens: the officer sees its
// agency's sensors, makes a token for one (its secret shown once) and
// revokes tokens (docs/token.md: an officer manages the tokens of its
// own agency's sensors and its own).
import { useEffect, useState } from 'preact/hooks';
import { api, type Token, type User, type Session } from '../api';
import { lang, t, vocab } from '../i18n';
import { formatTime } from '../time';

export function Sensors(props: { session: Session }) {
  const zone = props.session.time_zone;
  const [sensors, setSensors] = useState<User[] | null>(null);
  const [tokens, setTokens] = useState<Token[]>([]);
  const [error, setError] = useState('');
  const [secret, setSecret] = useState<Token | null>(null);

  const load = async () => {
    try {
      const u = await api.users();
      const s = u.users.filter((x) => x.role === 'sensor');
      const lists = await Promise.all([api.tokens(), ...s.map((x) => api.tokens(x.name))]);
      setSensors(s);
      setTokens(lists.flatMap((x) => x.tokens));
    } catch (e) {
      setError(String((e as Error).message ?? e));
    }
  };
  useEffect(() => {
    load();
  }, []);

  const create = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const f = new FormData(form);
    setError('');
    setSecret(null);
    const body: { user?: string; name?: string; days?: number } = {};
    const user = String(f.get('user') ?? '');
    if (user && user !== props.session.user) body.user = user;
    const name = String(f.get('name') ?? '').trim();
    if (name) body.name = name;
    const days = String(f.get('days') ?? '').trim();
    if (days) body.days = Number(days);
    try {
      setSecret(await api.createToken(body));
      form.reset();
      await load();
    } catch (err) {
      setError(String((err as Error).message ?? err));
    }
  };

  const revoke = async (tk: Token) => {
    setError('');
    try {
      await api.revokeToken(tk.id);
      await load();
    } catch (err) {
      setError(String((err as Error).message ?? err));
    }
  };

  const l = lang();
  const owners = [props.session.user, ...(sensors ?? []).map((s) => s.name)];
  return (
    <>
      <h1>{t('sensors.title')}</h1>
      {error && <p class="error" role="alert">{t('common.error', { msg: error })}</p>}
      <section aria-labelledby="h-sensors">
        <h2 id="h-sensors">{t('sensors.list')}</h2>
        {!sensors && !error && <p>{t('common.loading')}</p>}
        {sensors && sensors.length === 0 && <p>{t('sensors.empty')}</p>}
        {sensors && sensors.length > 0 && (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('sensors.col.name')}</th>
                <th scope="col">{t('sensors.col.status')}</th>
                <th scope="col">{t('sensors.col.created')}</th>
              </tr>
            </thead>
            <tbody>
              {sensors.map((s) => (
                <tr key={s.name} data-sensor={s.name}>
                  <td>{s.name}</td>
                  <td>{vocab('userstatus', s.status)}</td>
                  <td>{formatTime(s.created, zone, l)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="h-tokens">
        <h2 id="h-tokens">{t('tokens.list')}</h2>
        {tokens.length === 0 ? (
          <p>{t('tokens.empty')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('tokens.col.id')}</th>
                <th scope="col">{t('tokens.col.user')}</th>
                <th scope="col">{t('tokens.col.name')}</th>
                <th scope="col">{t('tokens.col.status')}</th>
                <th scope="col">{t('tokens.col.expires')}</th>
                <th scope="col">{t('tokens.col.last_used')}</th>
                <th scope="col">{t('tokens.col.action')}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((tk) => (
                <tr key={tk.id} data-token={tk.id}>
                  <td><code>{tk.id}</code></td>
                  <td>{tk.user}</td>
                  <td>{tk.name ?? ''}</td>
                  <td>{vocab('tokenstatus', tk.status)}</td>
                  <td>{tk.expires ? formatTime(tk.expires, zone, l) : t('tokens.never')}</td>
                  <td>{tk.last_used ? formatTime(tk.last_used, zone, l) : t('common.none')}</td>
                  <td>
                    {tk.status === 'active' && (
                      <button type="button" class="secondary" onClick={() => revoke(tk)} aria-label={t('tokens.revoke_for', { id: tk.id })}>{t('tokens.revoke')}</button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <form class="token-new" onSubmit={create} aria-labelledby="h-token-new">
          <h3 id="h-token-new">{t('tokens.new')}</h3>
          <p>
            <label for="token-user">{t('tokens.col.user')}</label>
            <select id="token-user" name="user">
              {owners.map((o) => <option key={o} value={o}>{o}</option>)}
            </select>
          </p>
          <p>
            <label for="token-name">{t('tokens.col.name')}</label>
            <input id="token-name" name="name" type="text" maxLength={100} />
          </p>
          <p>
            <label for="token-days">{t('tokens.days')}</label>
            <input id="token-days" name="days" type="number" min={1} max={3650} />
          </p>
          <p><button type="submit">{t('tokens.create')}</button></p>
        </form>
        {secret && (
          <div class="note" role="status" data-testid="token-secret">
            <p>{t('tokens.secret', { user: secret.user })}</p>
            <p><code class="hash">{secret.token}</code></p>
          </div>
        )}
      </section>
    </>
  );
}
