// The administrator's pages: accounts (list, new account with its
// password shown once, disable and enable) and agencies (list, new
// agency, change grade, parent, sector and networks).
import { useEffect, useState } from 'preact/hooks';
import { api, type Agency, type Session, type User } from '../api';
import { lang, t, vocab, type Lang } from '../i18n';
import { formatTime } from '../time';
import { Done, Failure, Field, LangSelect, SecretNote, submitted, Table, useAttempt, type Column } from '../ui';
import { pastedValues } from '../work';

export const ROLES = ['admin', 'analyst', 'agency', 'sensor', 'consumer'] as const;
export const GRADES = ['A', 'B', 'C', 'D', 'E'] as const;

/** The columns of the lists of accounts (sensors, every account): name, status and when made. */
export function userCols(zone: string, l: Lang): Record<'name' | 'status' | 'created', Column<User>> {
  return {
    name: { head: t('sensors.col.name'), cell: (u) => u.name },
    status: { head: t('sensors.col.status'), cell: (u) => vocab('userstatus', u.status) },
    created: { head: t('sensors.col.created'), cell: (u) => formatTime(u.created, zone, l) },
  };
}

export function Users(props: { session: Session }) {
  const zone = props.session.time_zone;
  const [users, setUsers] = useState<User[] | null>(null);
  const [agencies, setAgencies] = useState<Agency[]>([]);
  const [error, , attempt] = useAttempt();
  const [made, setMade] = useState<{ name: string; password?: string } | null>(null);
  const fetchAll = async () => {
    const [u, a] = await Promise.all([api.users(), api.agencies()]);
    setUsers(u.users);
    setAgencies(a.agencies);
  };
  useEffect(() => {
    attempt(fetchAll, false);
  }, []);

  const create = submitted(async (f, form) => {
    const body: Record<string, unknown> = { name: String(f.get('name') ?? '').trim(), role: String(f.get('role') ?? '') };
    const agency = String(f.get('agency') ?? '');
    if (agency) body.agency = agency;
    body.language = String(f.get('language') ?? 'zh-TW');
    setMade(null);
    await attempt(async () => {
      const u = await api.createUser(body);
      setMade({ name: u.name, password: u.password });
      form.reset();
      await fetchAll();
    });
  });

  const flip = (u: User) =>
    attempt(async () => {
      await api.setUserEnabled(u.name, u.status === 'disabled');
      await fetchAll();
    });

  const uc = userCols(zone, lang());
  return (
    <>
      <h1>{t('users.title')}</h1>
      <Failure msg={error} />
      {users && (
        <Table
          cols={[
            uc.name,
            { head: t('users.role'), cell: (u) => vocab('role', u.role) },
            { head: t('incident.field.agency'), cell: (u) => u.agency ?? t('agency.none') },
            uc.status,
            uc.created,
            {
              head: t('tokens.col.action'),
              cell: (u) =>
                u.name !== props.session.user && (
                  <button type="button" class="secondary" onClick={() => flip(u)} aria-label={t(u.status === 'disabled' ? 'users.enable_for' : 'users.disable_for', { name: u.name })}>
                    {t(u.status === 'disabled' ? 'users.enable' : 'users.disable')}
                  </button>
                ),
            },
          ]}
          rows={users}
          rowKey={(u) => u.name}
          rowData="user"
        />
      )}
      <form class="token-new" onSubmit={create} aria-labelledby="h-user-new">
        <h2 id="h-user-new">{t('users.new')}</h2>
        <Field id="user-name" label={t('sensors.col.name')}>
          <input id="user-name" name="name" type="text" required maxLength={64} autoComplete="off" />
        </Field>
        <Field id="user-role" label={t('users.role')}>
          <select id="user-role" name="role">
            {ROLES.map((r) => <option key={r} value={r} selected={r === 'agency'}>{vocab('role', r)}</option>)}
          </select>
        </Field>
        <Field id="user-agency" label={t('incident.field.agency')}>
          <select id="user-agency" name="agency">
            <option value="">{t('agency.none')}</option>
            {agencies.map((a) => <option key={a.id} value={a.id}>{`${a.name}（${a.id}）`}</option>)}
          </select>
        </Field>
        <LangSelect id="user-language" name="language" />
        <p><button type="submit">{t('users.create')}</button></p>
      </form>
      {made && <SecretNote testid="user-made" text={t('users.made', { name: made.name })} secret={made.password} />}
    </>
  );
}

export function Agencies(props: { session: Session }) {
  void props;
  const [list, setList] = useState<Agency[] | null>(null);
  const [error, , attempt] = useAttempt();
  const [done, setDone] = useState('');
  const fetchAll = async () => setList((await api.agencies()).agencies);
  useEffect(() => {
    attempt(fetchAll, false);
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

  const create = submitted(async (f, form) => {
    setDone('');
    await attempt(async () => {
      const a = await api.createAgency({ id: String(f.get('id') ?? '').trim(), ...fields(f, true) });
      setDone(t('agencies.added', { id: a.id }));
      form.reset();
      await fetchAll();
    });
  });

  const update = (id: string) => submitted(async (f) => {
    setDone('');
    await attempt(async () => {
      await api.updateAgency(id, fields(f, false));
      setDone(t('agencies.updated', { id }));
      await fetchAll();
    });
  });

  const others = (id: string) => (list ?? []).filter((a) => a.id !== id);
  return (
    <>
      <h1>{t('agencies.title')}</h1>
      <Failure msg={error} />
      <Done text={done} />
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
        <Field id="ag-new-id" label={t('agencies.id')}>
          <input id="ag-new-id" name="id" type="text" required maxLength={64} />
        </Field>
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
      <Field id={`${p}-name`} label={t('agencies.name')}>
        <input id={`${p}-name`} name="name" type="text" required maxLength={200} defaultValue={a?.name ?? ''} />
      </Field>
      <Field id={`${p}-grade`} label={t('agencies.grade')}>
        <select id={`${p}-grade`} name="grade">
          {GRADES.map((g) => <option key={g} value={g} selected={a ? a.grade === g : g === 'C'}>{g}</option>)}
        </select>
      </Field>
      <Field id={`${p}-sector`} label={t('dash.sector')}>
        <input id={`${p}-sector`} name="sector" type="text" maxLength={64} defaultValue={a?.sector ?? ''} />
      </Field>
      <Field id={`${p}-parent`} label={t('agencies.parent')}>
        <select id={`${p}-parent`} name="parent">
          <option value="" selected={!a?.parent}>{t('common.none')}</option>
          {props.parents.map((x) => <option key={x.id} value={x.id} selected={a?.parent === x.id}>{`${x.name}（${x.id}）`}</option>)}
        </select>
      </Field>
      <Field id={`${p}-networks`} label={t('agencies.networks')}>
        <textarea id={`${p}-networks`} name="networks" rows={2} defaultValue={(a?.networks ?? []).join('\n')} />
      </Field>
    </>
  );
}
