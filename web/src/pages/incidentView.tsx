// How an incident is shown wherever the portal shows one: its level in
// words, the texts of its fields, the columns of the incident lists (home,
// queue, review queue), of its deadlines and of its evidence, the
// countdown to a deadline, and the one-note form of a step (file the
// report, review). The pages choose which of them they show and in which
// order.
import type { ComponentChildren } from 'preact';
import type { Evidence, Incident } from '../api';
import { leftText, secondsLeft, urgency } from '../countdown';
import { lang, t, vocab, type Lang, type MessageKey } from '../i18n';
import { linkClick } from '../router';
import { formatTime } from '../time';
import { Failure, Field, labelled, submitted, useAttempt, type Column } from '../ui';

export const DEADLINES = ['report', 'review', 'recover', 'investigation_report'];

export function Countdown(props: { due: string | null | undefined; now: number }) {
  const s = secondsLeft(props.due, props.now);
  if (s === null) return <span>{t('common.none')}</span>;
  return <span class={`left ${urgency(s)}`}>{leftText(s, lang())}</span>;
}

/** The incident's level in words ("3 級", or not yet determined). */
export function levelName(i: Incident): string {
  return i.level ? t('level.n', { n: i.level }) : t('level.none');
}

/** The level in words with "major" after it when the incident is a major one. */
export function levelText(i: Incident): string {
  return levelName(i) + (i.major ? ` · ${t('level.major')}` : '');
}

/** The link to an incident's page. */
export function IncidentLink(props: { id: string }) {
  return <a href={`/incidents/${encodeURIComponent(props.id)}`} onClick={linkClick}>{props.id}</a>;
}

/** Each field of the incident in words (none where empty is left to the page), by its name. */
export function fieldTexts(inc: Incident, zone: string, l: Lang): Record<string, string> {
  const support = inc.support_needed;
  return {
    id: inc.id,
    agency: inc.agency,
    title: inc.title,
    status: vocab('status', inc.status),
    level: levelText(inc),
    category: vocab('category', inc.category),
    asset: vocab('asset', inc.asset),
    confidentiality: vocab('impact', inc.confidentiality),
    integrity: vocab('impact', inc.integrity),
    availability: vocab('avail', inc.availability),
    occurred_at: formatTime(inc.occurred_at, zone, l),
    aware_at: formatTime(inc.aware_at, zone, l),
    reported_at: formatTime(inc.reported_at, zone, l),
    description: inc.description ?? '',
    measures: inc.measures ?? '',
    support_needed: support ? `${support.needed ? t('common.yes') : t('common.no')}${support.detail ? `：${support.detail}` : ''}` : '',
    notes: inc.notes ?? '',
  };
}

/** The label of a field of the incident (incident.field.<name>). */
export function fieldLabel(name: string): string {
  return t(`incident.field.${name}` as MessageKey);
}

/** The columns of the lists of incidents, each headed and labelled by its message key. */
export function incidentCols(zone: string, now: number) {
  return {
    id: labelled<Incident>('home.col.id', (i) => <IncidentLink id={i.id} />),
    agency: labelled<Incident>('incident.field.agency', (i) => i.agency),
    title: labelled<Incident>('home.col.title', (i) => i.title),
    level: labelled<Incident>('home.col.level', levelText),
    status: labelled<Incident>('home.col.status', (i) => vocab('status', i.status)),
    next: labelled<Incident>('home.col.next', (i) =>
      i.next_deadline ? `${vocab('deadline', i.next_deadline.kind)} ${formatTime(i.next_deadline.due, zone, lang())}` : t('common.none'),
    ),
    left: labelled<Incident>('home.col.left', (i) => <Countdown due={i.next_deadline?.due} now={now} />),
  };
}

/** The columns of an incident's deadlines (rows: DEADLINES): which, when due, in what state. */
export function deadlineCols(inc: Incident, zone: string, l: Lang): Column<string>[] {
  return [
    { head: t('incident.col.deadline'), rowHeader: true, cell: (k) => vocab('deadline', k) },
    { head: t('incident.col.due'), cell: (k) => (inc.deadlines?.[k] ? formatTime(inc.deadlines[k], zone, l) : t('common.none')) },
    { head: t('incident.col.state'), cell: (k) => vocab('dlstate', inc.deadline_states?.[k] ?? 'none') },
  ];
}

/** The columns of an incident's evidence: number, name, size and SHA-256. */
export function evidenceCols(): Column<Evidence>[] {
  return [
    { head: t('evidence.col.n'), cell: (e) => e.n },
    { head: t('evidence.col.name'), cell: (e) => e.name },
    { head: t('evidence.col.size'), cell: (e) => e.size },
    { head: t('evidence.col.sha256'), cell: (e) => <code class="hash">{e.sha256}</code> },
  ];
}

/**
 * The form of a step on an incident that takes one optional note: its
 * heading (id hid), an intro, the note field (id noteId) and the submit
 * button. send(note) takes the trimmed note ('' when none); onDone runs
 * after it succeeded, a failure is shown under the button.
 */
export function NoteForm(props: {
  hid: string;
  title: string;
  intro?: ComponentChildren;
  noteId: string;
  noteLabel: string;
  submit: string;
  send: (note: string) => Promise<unknown>;
  onDone: () => void;
}) {
  const [error, , attempt] = useAttempt();
  const submit = submitted(async (f) => {
    await attempt(async () => {
      await props.send(String(f.get('note') ?? '').trim());
      props.onDone();
    });
  });
  return (
    <form class="review" onSubmit={submit} aria-labelledby={props.hid}>
      <h2 id={props.hid}>{props.title}</h2>
      {props.intro}
      <Field id={props.noteId} label={props.noteLabel}>
        <input id={props.noteId} name="note" type="text" maxLength={1000} />
      </Field>
      <p><button type="submit">{props.submit}</button></p>
      <Failure msg={error} />
    </form>
  );
}
