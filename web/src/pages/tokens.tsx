// The API tokens an account makes for itself (or, an officer, for its
// agency's sensors) and revokes, as the sensors and partner pages show
// them: the steps (the secret of a new token shown once) and the form.
import { useState } from 'preact/hooks';
import { api, type Token } from '../api';
import { t } from '../i18n';
import { Field, SecretNote, submitted } from '../ui';

/**
 * Make and revoke tokens under attempt (the page's error), then refresh
 * the page's list; self is the account (a token for it names no user).
 */
export function useTokenSteps(self: string, attempt: (fn: () => Promise<unknown>) => Promise<void>, refresh: () => Promise<unknown>) {
  const [secret, setSecret] = useState<Token | null>(null);
  const create = submitted(async (f, form) => {
    setSecret(null);
    const body: { user?: string; name?: string; days?: number } = {};
    const user = String(f.get('user') ?? '');
    if (user && user !== self) body.user = user;
    const name = String(f.get('name') ?? '').trim();
    if (name) body.name = name;
    const days = String(f.get('days') ?? '').trim();
    if (days) body.days = Number(days);
    await attempt(async () => {
      setSecret(await api.createToken(body));
      form.reset();
      await refresh();
    });
  });
  const revoke = (tk: Token) =>
    attempt(async () => {
      await api.revokeToken(tk.id);
      await refresh();
    });
  return { secret, create, revoke };
}

/** The form of a new token (ids prefix-user, -name, -days; the owner's choice only with owners), then its secret once made. */
export function TokenForm(props: { prefix: string; owners?: string[]; onSubmit: (e: Event) => unknown; secret: Token | null }) {
  const p = props.prefix;
  return (
    <>
      <form class="token-new" onSubmit={props.onSubmit} aria-labelledby={`h-${p}-new`}>
        <h3 id={`h-${p}-new`}>{t('tokens.new')}</h3>
        {props.owners && (
          <Field id={`${p}-user`} label={t('tokens.col.user')}>
            <select id={`${p}-user`} name="user">
              {props.owners.map((o) => <option key={o} value={o}>{o}</option>)}
            </select>
          </Field>
        )}
        <Field id={`${p}-name`} label={t('tokens.col.name')}>
          <input id={`${p}-name`} name="name" type="text" maxLength={100} />
        </Field>
        <Field id={`${p}-days`} label={t('tokens.days')}>
          <input id={`${p}-days`} name="days" type="number" min={1} max={3650} />
        </Field>
        <p><button type="submit">{t('tokens.create')}</button></p>
      </form>
      {props.secret && <SecretNote testid="token-secret" text={t('tokens.secret', { user: props.secret.user })} secret={props.secret.token} />}
    </>
  );
}
