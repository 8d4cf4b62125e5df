// The administrator's pages: accounts (list, new account with its
// password shown once, disable and enable) and agencies (list, new
// agency, change grade, parent, sector and networks).
import { useEffect, useState } from 'preact/hooks';
import { api, type Agency, type Session, type User } from '../api';
import { lang, t, vocab } from '../i18n';
import { formatTime } from '../time';
import { pastedValues } from '../work';

export const ROLES = ['admin', 'analyst', 'agency', 'sensor', 'consumer'] as const;
export const GRADES = ['A', 'B', 'C', 'D', 'E'] as const;

export function Users(props: { session: Session }) {
  const zone = props.session.time_zone;
  const [users, setUsers] = useState<User[] | null>(null);
  const [agencies, setAgencies] = useState<Agency[]>([]);
  const [error, setError] = useState('');
  const [made, setMade] = useState<{ name: string; password?: string } | null>(null);
  const load = async () => {
    try {
      const [u, a] = await Promise.all([api.users(), api.agencies()]);
      setUsers(u.users);
      setAgencies(a.agencies);
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
    const body: Record<string, unknown> = { name: String(f.get('name') ?? '').trim(), role: String(f.get('role') ?? '') };
    const agency = String(f.get('agency') ?? '');
    if (agency) body.agency = agency;
    body.language = String(f.get('language') ?? 'zh-TW');
    setError('');
    setMade(null);
    try {
      const u = await api.createUser(body);
      setMade({ name: u.name, password: u.password });
      form.reset();
      await load();
    } catch (err) {
      setError(String((err as Error).message ?? err));
    }
  };

  const flip = async (u: User) => {
    setError('');
    try {
      await api.setUserEnabled(u.name, u.status === 'disabled');
      await load();
    } catch (err) {
      setError(String((err as Error).message ?? err));
    }
  };

  const l = lang();
  return (
    <>
      <h1>{t('users.title')}</h1>
      {error && <p class="error" role="alert">{t('common.error', { msg: error })}</p>}
      {users && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('sensors.col.name')}</th>
              <th scope="col">{t('users.role')}</th>
              <th scope="col">{t('incident.field.agency')}</th>
              <th scope="col">{t('sensors.col.status')}</th>
              <th scope="col">{t('sensors.col.created')}</th>
              <th scope="col">{t('tokens.col.action')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.name} data-user={u.name}>
                <td>{u.name}</td>
                <td>{vocab('role', u.role)}</td>
                <td>{u.agency ?? t('agency.none')}</td>
                <td>{vocab('userstatus', u.status)}</td>
                <td>{formatTime(u.created, zone, l)}</td>
                <td>
                  {u.name !== props.session.user && (
                    <button type="button" class="secondary" onClick={() => flip(u)} aria-label={t(u.status === 'disabled' ? 'users.enable_for' : 'users.disable_for', { name: u.name })}>
                      {t(u.status === 'disabled' ? 'users.enable' : 'users.disable')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form class="token-new" onSubmit={create} aria-labelledby="h-user-new">
        <h2 id="h-user-new">{t('users.new')}</h2>
        <p>
          <label for="user-name">{t('sensors.col.name')}</label>
          <input id="user-name" name="name" type="text" required maxLength={64} autoComplete="off" />
        </p>
        <p>
          <label for="user-role">{t('users.role')}</label>
          <select id="user-role" name="role">
            {ROLES.map((r) => <option key={r} value={r} selected={r === 'agency'}>{vocab('role', r)}</option>)}
          </select>
        </p>
        <p>
          <label for="user-agency">{t('incident.field.agency')}</label>
          <select id="user-agency" name="agency">
            <option value="">{t('agency.none')}</option>
            {agencies.map((a) => <option key={a.id} value={a.id}>{`${a.name}（${a.id}）`}</option>)}
          </select>
        </p>
        <p>
          <label for="user-language">{t('nav.language')}</label>
          <select id="user-language" name="language">
            <option value="zh-TW">{t('lang.zh-TW')}</option>
            <option value="en">{t('lang.en')}</option>
          </select>
        </p>
        <p><button type="submit">{t('users.create')}</button></p>
      </form>
      {made && (
        <div class="note" role="status" data-testid="user-made">
          <p>{t('users.made', { name: made.name })}</p>
          {made.password && <p><code class="hash">{made.password}</code></p>}
        </div>
      )}
    </>
  );
}

export function Agencies(props: { session: Session }) {
  void props;
  const [list, setList] = useState<Agency[] | null>(null);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const load = async () => {
    try {
      setList((await api.agencies()).agencies);
    } catch (e) {
      setError(String((e as Error).message ?? e));
    }
  };
  useEffect(() => {
    load();
  }, []);

  const fields = (f: FormData, all: boolean) => {
    const body: Record<string, unknown> = {};
    for (const k of ['name', 'grade', 'sector', 'parent']) {
      const v = String(f.get(k) ?? '').trim();
      if (v || (!all && (k === 'sector' || k === 'parent'))) body[k] = v;
    }
    body.networks = pastedValues(String(f.get('networks') ?? ''), 1000);
    return body;
  };

  const create = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const f = new FormData(form);
    setError('');
    setDone('');
    try {
      const a = await api.createAgency({ id: String(f.get('id') ?? '').trim(), ...fields(f, true) });
      setDone(t('agencies.added', { id: a.id }));
      form.reset();
      await load();
    } catch (err) {
      setError(String((err as Error).message ?? err));
    }
  };

  const update = (id: string) => async (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    setError('');
    setDone('');
    try {
      await api.updateAgency(id, fields(f, false));
      setDone(t('agencies.updated', { id }));
      await load();
    } catch (err) {
      setError(String((err as Error).message ?? err));
    }
  };

  const others = (id: string) => (list ?? []).filter((a) => a.id !== id);
  return (
    <>
      <h1>{t('agencies.title')}</h1>
      {error && <p class="error" role="alert">{t('common.error', { msg: error })}</p>}
      {done && <p class="note" role="status">{done}</p>}
      {(list ?? []).map((a) => (
        <details key={a.id} data-agency={a.id} class="agency">
          <summary>{`${a.name}（${a.id}）· ${t('agencies.grade_n', { g: a.grade })}${a.parent ? ` · ${t('agencies.under', { p: a.parent })}` : ''}`}</summary>
          <form onSubmit={update(a.id)}>
            <AgencyFields a={a} parents={others(a.id)} prefix={`ag-${a.id}`} />
            <p><button type="submit">{t('agencies.save')}</button></p>
          </form>
        </details>
      ))}
      <form class="token-new" onSubmit={create} aria-labelledby="h-agency-new">
        <h2 id="h-agency-new">{t('agencies.new')}</h2>
        <p>
          <label for="ag-new-id">{t('agencies.id')}</label>
          <input id="ag-new-id" name="id" type="text" required maxLength={64} />
        </p>
        <AgencyFields a={null} parents={list ?? []} prefix="ag-new" />
        <p><button type="submit">{t('agencies.create')}</button></p>
      </form>
    </>
  );
}

function AgencyFields(props: { a: Agency | null; parents: Agency[]; prefix: string }) {
  const a = props.a;
  const p = props.prefix;
  return (
    <>
      <p>
        <label for={`${p}-name`}>{t('agencies.name')}</label>
        <input id={`${p}-name`} name="name" type="text" required maxLength={200} defaultValue={a?.name ?? ''} />
      </p>
      <p>
        <label for={`${p}-grade`}>{t('agencies.grade')}</label>
        <select id={`${p}-grade`} name="grade">
          {GRADES.map((g) => <option key={g} value={g} selected={a ? a.grade === g : g === 'C'}>{g}</option>)}
        </select>
      </p>
      <p>
        <label for={`${p}-sector`}>{t('dash.sector')}</label>
        <input id={`${p}-sector`} name="sector" type="text" maxLength={64} defaultValue={a?.sector ?? ''} />
      </p>
      <p>
        <label for={`${p}-parent`}>{t('agencies.parent')}</label>
        <select id={`${p}-parent`} name="parent">
          <option value="" selected={!a?.parent}>{t('common.none')}</option>
          {props.parents.map((x) => <option key={x.id} value={x.id} selected={a?.parent === x.id}>{`${x.name}（${x.id}）`}</option>)}
        </select>
      </p>
      <p>
        <label for={`${p}-networks`}>{t('agencies.networks')}</label>
        <textarea id={`${p}-networks`} name="networks" rows={2} defaultValue={(a?.networks ?? []).join('\n')} />
      </p>
    </>
  );
}
