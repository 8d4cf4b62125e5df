// The policy in force and its versions (GET /policy, ?version=N): the
// office reads it, compares any two versions (what changed, by path),
// and an administrator edits its editable parts (the level matrix, the
// deadlines, the warnings, the time zone, ...) and installs them as the
// next version (PUT /policy); the server checks them, and an error is
// shown at the field whose JSON path it names.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, officeApi, type Session } from '../api';
import { t, vocab } from '../i18n';
import { errorText, Failure, Done, Field, Table } from '../ui';
import { editableFields, errorField, fieldValue, policyBody, policyDiff, type PolicyChange } from '../office';
import { valueText } from '../work';

type Policy = Record<string, unknown> & { version: number };

/** A field of the policy by its path, for people. */
export function fieldLabel(path: string): string {
  const p = path.split('.');
  if (p[0] === 'levels' && p.length === 3) {
    const impact = p[2] === 'within-mtd' || p[2] === 'beyond-mtd' ? vocab('avail', p[2]) : vocab('impact', p[2]);
    return t('policy.f.level', { asset: vocab('asset', p[1]), impact });
  }
  if (p[0] === 'deadlines' && p.length === 3) return t('policy.f.deadline_level', { kind: vocab('deadline', p[1]), n: p[2] });
  if (p[0] === 'deadlines' && p.length === 2) return t('policy.f.deadline', { kind: vocab('deadline', p[1]) });
  if (p[0] === 'at_risk' && p.length === 2) return t('policy.f.at_risk', { kind: vocab('deadline', p[1]) });
  return vocab('policy.f', path);
}

const fieldId = (path: string) => `pf-${path.replace(/[^A-Za-z0-9]/g, '-')}`;

function PolicyField(props: { path: string; value: unknown; error: string; edit: boolean }) {
  const { path, value, error, edit } = props;
  const id = fieldId(path);
  const errId = `${id}-error`;
  const common = { id, name: path, disabled: !edit, 'aria-invalid': error ? ('true' as const) : undefined, 'aria-describedby': error ? errId : undefined };
  let control;
  if (path.startsWith('levels.') || path === 'major_level') {
    control = (
      <select {...common}>
        {path.startsWith('levels.') && <option value="" selected={value === null}>{t('policy.not_applicable')}</option>}
        {[1, 2, 3, 4].map((n) => <option key={n} value={String(n)} selected={value === n}>{t('level.n', { n })}</option>)}
      </select>
    );
  } else {
    control = <input {...common} type="text" defaultValue={value === null || value === undefined ? '' : String(value)} />;
  }
  return (
    <div class="field" data-field={path}>
      <Field id={id} label={fieldLabel(path)}>{control}</Field>
      {error && <p class="error field-error" id={errId}>{error}</p>}
    </div>
  );
}

export function PolicyPage(props: { session: Session }) {
  const admin = props.session.role === 'admin';
  const [current, setCurrent] = useState<Policy | null>(null);
  const [error, setError] = useState('');
  const [fieldErr, setFieldErr] = useState<{ path: string; msg: string } | null>(null);
  const [done, setDone] = useState('');
  const [older, setOlder] = useState(0);
  const [newer, setNewer] = useState(0);
  const [changes, setChanges] = useState<PolicyChange[] | null>(null);
  const [formKey, setFormKey] = useState(0);

  const load = async () => {
    const p = (await officeApi.policy()) as Policy;
    setCurrent(p);
    setNewer(p.version);
    setOlder(Math.max(1, p.version - 1));
    setFormKey((k) => k + 1);
  };
  useEffect(() => {
    load().catch((e) => setError(errorText(e)));
  }, []);

  const compare = async () => {
    setError('');
    try {
      const [a, b] = await Promise.all([officeApi.policy(older), officeApi.policy(newer)]);
      setChanges(policyDiff(a, b));
    } catch (e) {
      setError(errorText(e));
    }
  };
  useEffect(() => {
    if (current) compare();
  }, [older, newer, current]);

  const save = async (e: Event) => {
    e.preventDefault();
    if (!current) return;
    setError('');
    setFieldErr(null);
    setDone('');
    const form = e.currentTarget as HTMLFormElement;
    const edits: [string, unknown][] = editableFields(current).map(([path]) => {
      const el = form.elements.namedItem(path) as HTMLInputElement | HTMLSelectElement | null;
      return [path, fieldValue(path, el ? el.value : '')];
    });
    try {
      const r = await officeApi.setPolicy(policyBody(current, edits));
      setDone(r.changed ? t('policy.saved', { v: r.version }) : t('policy.unchanged', { v: r.version }));
      await load();
    } catch (x) {
      const msg = errorText(x);
      const path = x instanceof ApiError ? errorField(msg) : '';
      if (path && form.elements.namedItem(path)) {
        setFieldErr({ path, msg });
        (form.elements.namedItem(path) as HTMLElement).focus();
      } else {
        setError(msg);
      }
    }
  };

  const versions = current ? Array.from({ length: current.version }, (_, i) => i + 1) : [];
  return (
    <>
      <h1>{t('policy.title')}</h1>
      <Failure msg={error} />
      {!current && !error && <p>{t('common.loading')}</p>}
      {current && (
        <>
          <p data-testid="policy-version">{t('policy.version', { v: current.version })}</p>
          <section aria-labelledby="h-policy-edit">
            <h2 id="h-policy-edit">{admin ? t('policy.edit') : t('policy.rules')}</h2>
            {admin && <p>{t('policy.edit_intro')}</p>}
            <form key={formKey} class="policy" onSubmit={save} noValidate>
              <div class="policy-fields">
                {editableFields(current).map(([path, value]) => (
                  <PolicyField key={path} path={path} value={value} edit={admin} error={fieldErr?.path === path ? fieldErr.msg : ''} />
                ))}
              </div>
              {admin && <p><button type="submit">{t('policy.save')}</button></p>}
            </form>
            <Done text={done} testid="policy-done" />
          </section>
          <section aria-labelledby="h-policy-versions">
            <h2 id="h-policy-versions">{t('policy.versions')}</h2>
            <div class="filters">
              <Field id="pv-older" label={t('policy.older')}>
                <select id="pv-older" name="older" value={String(older)} onChange={(e) => setOlder(Number((e.currentTarget as HTMLSelectElement).value))}>
                  {versions.map((v) => <option key={v} value={String(v)}>{t('policy.version', { v })}</option>)}
                </select>
              </Field>
              <Field id="pv-newer" label={t('policy.newer')}>
                <select id="pv-newer" name="newer" value={String(newer)} onChange={(e) => setNewer(Number((e.currentTarget as HTMLSelectElement).value))}>
                  {versions.map((v) => <option key={v} value={String(v)}>{t('policy.version', { v })}</option>)}
                </select>
              </Field>
            </div>
            {changes && changes.length === 0 && <p data-testid="policy-same">{t('policy.same')}</p>}
            {changes && changes.length > 0 && (
              <Table cls="changes" caption={t('policy.changes', { a: older, b: newer })} rows={changes} rowKey={(c) => c.path} rowData="change"
                cols={[
                  { head: t('policy.col.field'), cell: (c) => <>{fieldLabel(c.path)} <code>{c.path}</code></>, rowHeader: true },
                  { head: t('policy.col.before'), label: t('policy.col.before'), cell: (c) => valueText(c.before) || t('common.none') },
                  { head: t('policy.col.after'), label: t('policy.col.after'), cell: (c) => valueText(c.after) || t('common.none') },
                ]}
              />
            )}
          </section>
        </>
      )}
    </>
  );
}
