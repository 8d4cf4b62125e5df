// What the intelligence pages (indicator, advisory STIX, feed sources and
// upload, the office's alert release) share: the caller's access classes
// from GET /me, asked once per session, and a definition list of fields.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { intelApi, type Me, type Session } from '../api';

let asked: { key: string; me: Promise<Me> } | null = null;

/** The caller (GET /me) of this session, null until it came (or when it failed). */
export function useMe(session: Session): Me | null {
  const [me, setMe] = useState<Me | null>(null);
  useEffect(() => {
    const key = `${session.user}/${session.csrf_token}`;
    if (!asked || asked.key !== key) asked = { key, me: intelApi.me() };
    const p = asked.me;
    p.then(setMe).catch(() => {
      if (asked?.me === p) asked = null;
      setMe(null);
    });
  }, [session.user, session.csrf_token]);
  return me;
}

/** Fields as a definition list: each [term, description], the row's test hook data-field. */
export function Facts(props: { testid: string; rows: [string, string, ComponentChildren][] }) {
  return (
    <dl class="facts" data-testid={props.testid}>
      {props.rows.map(([key, term, desc]) => (
        <div key={key} data-field={key}>
          <dt>{term}</dt>
          <dd>{desc}</dd>
        </div>
      ))}
    </dl>
  );
}
