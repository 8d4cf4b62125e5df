import { useState } from 'preact/hooks';
import { api, type Session } from '../api';
import { t } from '../i18n';

export function Login(props: { expired: boolean; onLogin: (s: Session) => void }) {
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    setBusy(true);
    setFailed(false);
    try {
      props.onLogin(await api.login(String(f.get('username') ?? ''), String(f.get('password') ?? '')));
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="login">
      <h1>{t('login.title')}</h1>
      {props.expired && !failed && <p class="note" role="status">{t('login.expired')}</p>}
      {failed && <p class="error" role="alert">{t('login.failed')}</p>}
      <form method="post" action="/api/v1/session" onSubmit={submit}>
        <p>
          <label for="username">{t('login.username')}</label>
          <input id="username" name="username" type="text" autocomplete="username" required autoCapitalize="none" spellcheck={false} />
        </p>
        <p>
          <label for="password">{t('login.password')}</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </p>
        <p><button type="submit" disabled={busy}>{t('login.submit')}</button></p>
      </form>
    </section>
  );
}
