// The pieces every page of the portal is built from: the error and
// status notes, a table described by its columns, the states of a list
// (loading, empty, shown), a labelled form field, the "more" button of a
// paged list, the outcome of a bulk step, a secret shown once. Each page
// keeps its own texts, ids and test hooks; these only lay them out, so a
// page renders the same markup as when it wrote each piece by hand.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { t, type MessageKey } from './i18n';

/** The text shown for a failed request: the error's message, or the thrown value itself. */
export function errorText(e: unknown): string {
  return String((e as Error).message ?? e);
}

/**
 * A page's error message and the way to run a request under it:
 * attempt(fn) clears the message (unless clear is false), runs fn and
 * shows what it threw. attempt never throws.
 */
export function useAttempt(): [string, (msg: string) => void, (fn: () => Promise<unknown>, clear?: boolean) => Promise<void>] {
  const [error, setError] = useState('');
  const attempt = async (fn: () => Promise<unknown>, clear = true) => {
    if (clear) setError('');
    try {
      await fn();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return [error, setError, attempt];
}

/** A failure as an alert, in the message key given (common.error by default); nothing without one. */
export function Failure(props: { msg: string; text?: MessageKey }) {
  if (!props.msg) return null;
  return <p class="error" role="alert">{t(props.text ?? 'common.error', { msg: props.msg })}</p>;
}

/** A step done, as a polite status note; nothing without a text. */
export function Done(props: { text: string; testid?: string }) {
  if (!props.text) return null;
  return <p class="note" role="status" data-testid={props.testid}>{props.text}</p>;
}

/** What a step made that is shown once (a password, a token's secret): the note and the secret in a code box. */
export function SecretNote(props: { testid: string; text: string; secret?: string }) {
  return (
    <div class="note" role="status" data-testid={props.testid}>
      <p>{props.text}</p>
      {props.secret && <p><code class="hash">{props.secret}</code></p>}
    </div>
  );
}

/**
 * One column of a Table: its header (none for a table without a head),
 * the cell of a row, the cell's data-label (the header's text on a
 * phone), whether the cell heads its row (th scope=row) and its class.
 */
export interface Column<T> {
  head?: ComponentChildren;
  cell: (row: T) => ComponentChildren;
  label?: string;
  rowHeader?: boolean;
  cls?: (row: T) => string;
}

/**
 * A table of rows by its columns: a caption when given, a head when any
 * column has one, a row per item keyed by rowKey; with rowData, each row
 * carries its key as the attribute data-<rowData> too (the hook of the
 * page's tests).
 */
export function Table<T>(props: {
  cls?: string;
  caption?: ComponentChildren;
  captionCls?: string;
  cols: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string | number;
  rowData?: string;
}) {
  const cols = props.cols;
  return (
    <table class={props.cls}>
      {props.caption !== undefined && <caption class={props.captionCls}>{props.caption}</caption>}
      {cols.some((c) => c.head !== undefined) && (
        <thead>
          <tr>
            {cols.map((c, i) => <th key={i} scope="col">{c.head}</th>)}
          </tr>
        </thead>
      )}
      <tbody>
        {props.rows.map((r) => {
          const key = props.rowKey(r);
          return (
            <tr key={key} {...(props.rowData ? { [`data-${props.rowData}`]: key } : {})}>
              {cols.map((c, i) =>
                c.rowHeader ? (
                  <th key={i} scope="row">{c.cell(r)}</th>
                ) : (
                  <td key={i} data-label={c.label} class={c.cls ? c.cls(r) : undefined}>{c.cell(r)}</td>
                ),
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/**
 * The states of a list that loads: "loading" until it came (unless an
 * error is shown), the empty text when it holds nothing, else children.
 */
export function Listing<T>(props: { list: T[] | null; error: string; empty: string; children: (list: T[]) => ComponentChildren }) {
  const list = props.list;
  return (
    <>
      {!list && !props.error && <p>{t('common.loading')}</p>}
      {list && list.length === 0 && <p>{props.empty}</p>}
      {list && list.length > 0 && props.children(list)}
    </>
  );
}

/**
 * A list that loads (Listing) shown as a Table whose caption is read out
 * but not shown (sr-only), then what follows the table (after: the "more"
 * button, the steps on the rows chosen).
 */
export function ListTable<T>(props: {
  list: T[] | null;
  error: string;
  empty: string;
  cls: string;
  caption: string;
  cols: Column<T>[];
  rowKey: (row: T) => string | number;
  rowData: string;
  after?: ComponentChildren;
}) {
  return (
    <Listing list={props.list} error={props.error} empty={props.empty}>
      {(rows) => (
        <>
          <Table cls={props.cls} caption={props.caption} captionCls="sr-only" cols={props.cols} rows={rows} rowKey={props.rowKey} rowData={props.rowData} />
          {props.after}
        </>
      )}
    </Listing>
  );
}

/** A labelled form control: the label for id, then the control (which carries id). */
export function Field(props: { id: string; label: string; children: ComponentChildren }) {
  return (
    <p>
      <label for={props.id}>{props.label}</label>
      {props.children}
    </p>
  );
}

/** The language of an account or an advisory: a select of the portal's languages. */
export function LangSelect(props: { id: string; name: string }) {
  return (
    <Field id={props.id} label={t('nav.language')}>
      <select id={props.id} name={props.name}>
        <option value="zh-TW">{t('lang.zh-TW')}</option>
        <option value="en">{t('lang.en')}</option>
      </select>
    </Field>
  );
}

/** The "more" button of a paged list, while the server has a next page. */
export function More(props: { next: string | null; onMore: () => void }) {
  if (!props.next) return null;
  return <p><button type="button" class="secondary" onClick={props.onMore}>{t('common.more')}</button></p>;
}

/** The outcome of a step applied to many items: the counts, what it made (children) and each failure named. */
export function BulkNote(props: { testid: string; ok: number; failed: { id: string; msg: string }[]; children?: ComponentChildren }) {
  return (
    <div role="status" class="note" data-testid={props.testid}>
      <p>{t('alerts.outcome', { ok: props.ok, failed: props.failed.length })}</p>
      {props.children}
      {props.failed.length > 0 && (
        <ul class="error">
          {props.failed.map((f) => <li key={f.id}>{t('alerts.outcome.failed', { id: f.id, msg: f.msg })}</li>)}
        </ul>
      )}
    </div>
  );
}

/**
 * A list the server hands out a page at a time: load() fetches the first
 * page (clearing the error first when clear is set, then calling onLoad,
 * e.g. to clear a selection), more() appends the next one while there is
 * one. Failures go to setError.
 */
export function usePages<T>(
  fetchPage: (cursor: string | null) => Promise<{ items: T[]; next: string | null }>,
  setError: (msg: string) => void,
  opts: { clear?: boolean; onLoad?: () => void } = {},
) {
  const [list, setList] = useState<T[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const load = async () => {
    if (opts.clear) setError('');
    try {
      const r = await fetchPage(null);
      setList(r.items);
      setNext(r.next);
      opts.onLoad?.();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const more = async () => {
    if (!next) return;
    try {
      const r = await fetchPage(next);
      setList([...(list ?? []), ...r.items]);
      setNext(r.next);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return { list, next, load, more };
}

/** A form's submit handler: the default (a page load) prevented, fn given the form's data and the form. */
export function submitted(fn: (f: FormData, form: HTMLFormElement) => unknown) {
  return (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    return fn(new FormData(form), form);
  };
}

/** A column whose header is the message key's text, repeated as each cell's data-label (the phone layout). */
export function labelled<T>(key: MessageKey, cell: (row: T) => ComponentChildren): Column<T> {
  const text = t(key);
  return { head: text, label: text, cell };
}
