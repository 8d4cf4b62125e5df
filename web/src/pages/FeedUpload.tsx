// Feed upload (上傳情資): a file imported as gisac feed import does it
// (POST /feeds/import?source=&format=&tlp=&confidence=&strict=, the file
// as the body), with a progress bar; then the import's summary and each
// rejection, unsupported record and warning with its place in the file
// (its line, or the JSON path of the record).
import { useState } from 'preact/hooks';
import { uploadFeed, type ImportAnswer, type Session } from '../api';
import { t, vocab } from '../i18n';
import { allows, FEED_FORMATS, feedQuery, IMPORT_COUNTS, importPlace } from '../intel';
import { linkClick } from '../router';
import { Failure, Field, submitted, Table, useAttempt } from '../ui';
import { TLPS } from './Advisories';
import { useMe } from './intelView';


function place(where: string): string {
  const p = importPlace(where);
  if ('line' in p) return t('upload.line', { n: p.line });
  if ('path' in p) return t('upload.path', { path: p.path });
  return t('upload.file');
}

export function FeedUpload(props: { session: Session }) {
  const me = useMe(props.session);
  const [error, , attempt] = useAttempt();
  const [progress, setProgress] = useState<number | null>(null);
  const [answer, setAnswer] = useState<ImportAnswer | null>(null);
  const [file, setFile] = useState('');

  const send = submitted(async (f) => {
    const upload = f.get('file');
    if (!(upload instanceof File) || !upload.name) return;
    setAnswer(null);
    setProgress(0);
    setFile(upload.name);
    const query = feedQuery({
      source: String(f.get('source') ?? ''),
      format: String(f.get('format') ?? 'auto'),
      tlp: String(f.get('tlp') ?? ''),
      confidence: String(f.get('confidence') ?? ''),
      strict: f.get('strict') === 'true',
    });
    await attempt(async () => setAnswer(await uploadFeed(query, upload, setProgress)));
    setProgress(null);
  });

  return (
    <>
      <h1>{t('upload.title')}</h1>
      <p>{t('upload.intro')} <a href="/sources" onClick={linkClick}>{t('feeds.title')}</a></p>
      {me && !allows(me, 'write-intel') && <p role="status">{t('upload.not_allowed')}</p>}
      {allows(me, 'write-intel') && (
        <form class="token-new" onSubmit={send} aria-labelledby="h-upload">
          <h2 id="h-upload">{t('upload.form')}</h2>
          <Field id="up-file" label={t('upload.file_label')}>
            <input id="up-file" name="file" type="file" required />
          </Field>
          <Field id="up-source" label={t('upload.source')}>
            <input id="up-source" name="source" type="text" required maxLength={64} />
          </Field>
          <Field id="up-format" label={t('upload.format')}>
            <select id="up-format" name="format">
              {FEED_FORMATS.map((x) => <option key={x} value={x}>{vocab('format', x)}</option>)}
            </select>
          </Field>
          <Field id="up-tlp" label="TLP">
            <select id="up-tlp" name="tlp">
              <option value="">{t('upload.tlp_default')}</option>
              {TLPS.map((x) => <option key={x} value={x}>{x.toUpperCase()}</option>)}
            </select>
          </Field>
          <Field id="up-confidence" label={t('upload.confidence')}>
            <input id="up-confidence" name="confidence" type="number" min={0} max={100} />
          </Field>
          <p>
            <input id="up-strict" name="strict" type="checkbox" value="true" /> <label for="up-strict">{t('upload.strict')}</label>
          </p>
          <p><button type="submit" disabled={progress !== null}>{t('upload.send')}</button></p>
          {progress !== null && (
            <p>
              <label for="up-progress">{t('upload.progress', { name: file })}</label>{' '}
              <progress id="up-progress" max={1} value={progress} />
            </p>
          )}
        </form>
      )}
      <Failure msg={error} />
      {answer && (
        <section aria-labelledby="h-upload-summary" data-testid="upload-summary">
          <h2 id="h-upload-summary">{t('upload.summary', { name: file })}</h2>
          {answer.error && <p class="error" role="alert">{t('upload.strict_failed', { msg: answer.error.message })}</p>}
          <p role="status">{t('upload.counts', { imported: answer.summary.imported ?? 0, merged: answer.summary.merged ?? 0, rejected: answer.summary.rejected ?? 0 })}</p>
          <Table
            cls="upload-counts"
            caption={t('upload.counts_caption')}
            captionCls="sr-only"
            cols={[
              { head: t('upload.count'), cell: (k) => vocab('upload.n', k), rowHeader: true },
              { head: t('upload.n'), cell: (k) => String(answer.summary[k] ?? 0) },
            ]}
            rows={[...IMPORT_COUNTS]}
            rowKey={(k) => k}
            rowData="count"
          />
          {answer.messages.length > 0 && (
            <>
              <h3>{t('upload.messages')}</h3>
              <Table
                cls="upload-messages"
                cols={[
                  { head: t('upload.place'), cell: (m) => place(m.where), rowHeader: true },
                  { head: t('upload.kind'), cell: (m) => vocab('upload.kind', m.kind) },
                  { head: t('upload.message'), cell: (m) => m.message },
                ]}
                rows={answer.messages}
                rowKey={(m) => `${m.where}|${m.kind}|${m.message}`}
                rowData="where"
              />
            </>
          )}
        </section>
      )}
    </>
  );
}
