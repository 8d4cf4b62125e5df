import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, setCsrf, setOnUnauthorized, type Session } from './api';
import { isLang, lang, LANGS, setLang, t, vocab, type Lang } from './i18n';
import { Home } from './pages/Home';
import { IncidentPage } from './pages/Incident';
import { Agencies, Users } from './pages/Admin';
import { Advisories } from './pages/Advisories';
import { Alerts } from './pages/Alerts';
import { Dashboard } from './pages/Dashboard';
import { Queue } from './pages/Queue';
import { Search } from './pages/Search';
import { Login } from './pages/Login';
import { PrintPage } from './pages/Print';
import { Reviews } from './pages/Reviews';
import { Sensors } from './pages/Sensors';
import { Report } from './pages/Report';
import { Audit } from './pages/Audit';
import { Partner } from './pages/Partner';
import { PolicyPage } from './pages/Policy';
import { Sightings } from './pages/Sightings';
import { Obligations } from './pages/Obligations';
import { linkClick, navigate, parseRoute, usePath } from './router';
import { navFor } from './work';
import { AdvisoryStix } from './pages/AdvisoryStix';
import { Feeds } from './pages/Feeds';
import { FeedUpload } from './pages/FeedUpload';
import { IndicatorPage } from './pages/Indicator';
import { Release } from './pages/Release';

const LANG_KEY = 'gisac.lang';

/** The page of each route that takes only the session (incident and print also take the incident's id). */
const PAGES: Record<string, ComponentType<{ session: Session }>> = {
  home: Home,
  report: Report,
  alerts: Alerts,
  reviews: Reviews,
  sensors: Sensors,
  queue: Queue,
  search: Search,
  advisories: Advisories,
  dashboard: Dashboard,
  users: Users,
  agencies: Agencies,
  sightings: Sightings,
  policy: PolicyPage,
  audit: Audit,
  partner: Partner,
  obligations: Obligations,
  // web1
  sources: Feeds,
  upload: FeedUpload,
  release: Release,
};

function initialLang(): Lang {
  const l = localStorage.getItem(LANG_KEY);
  return isLang(l) ? l : 'zh-TW';
}

export function App() {
  const path = usePath();
  const [session, setSession] = useState<Session | null>(null);
  const [checked, setChecked] = useState(false);
  const [expired, setExpired] = useState(false);
  const [, setLangTick] = useState<Lang>(initialLang());

  const useLang = (l: Lang) => {
    setLang(l);
    localStorage.setItem(LANG_KEY, l);
    setLangTick(l);
  };

  const signedIn = (s: Session) => {
    setCsrf(s.csrf_token);
    setSession(s);
    useLang(s.language);
  };

  useEffect(() => {
    setLang(initialLang());
    setOnUnauthorized(() => {
      setSession(null);
      setExpired(true);
      navigate('/login');
    });
    api
      .session()
      .then(signedIn)
      .catch(() => setSession(null))
      .finally(() => setChecked(true));
  }, []);

  const route = parseRoute(path);
  useEffect(() => {
    if (!checked) return;
    if (!session && route.page !== 'login') navigate('/login');
    else if (session && route.page === 'login') navigate('/');
  }, [checked, session, route.page]);

  useEffect(() => {
    document.title = t('app.name');
  });

  if (!checked) return <p class="loading">{t('common.loading')}</p>;

  const logout = async () => {
    try {
      await api.logout();
    } finally {
      setSession(null);
      setCsrf('');
      navigate('/login');
    }
  };

  const changeLang = async (l: Lang) => {
    useLang(l);
    if (session) {
      try {
        signedIn(await api.setLanguage(l));
      } catch {
        /* kept in this browser; the server keeps the last one it took */
      }
    }
  };

  let page;
  if (!session || route.page === 'login') {
    page = <Login expired={expired} onLogin={(s) => { setExpired(false); signedIn(s); navigate('/'); }} />;
  } else if (route.page === 'incident') {
    page = <IncidentPage session={session} id={route.id} />;
  } else if (route.page === 'print') {
    page = <PrintPage session={session} id={route.id} />;
  } else if (route.page === 'indicator') {
    page = <IndicatorPage session={session} type={route.type} value={route.value} />;
  } else if (route.page === 'stix') {
    page = <AdvisoryStix session={session} id={route.id} />;
  } else if (route.page in PAGES) {
    const Page = session.role === 'consumer' && route.page === 'home' ? Partner : PAGES[route.page];
    page = <Page session={session} />;
  } else {
    page = (
      <>
        <h1>{t('common.not_found')}</h1>
        <p><a href="/" onClick={linkClick}>{t('common.back_home')}</a></p>
      </>
    );
  }

  return (
    <>
      <a class="skip" href="#main">{t('app.skip')}</a>
      <header class="top">
        <p class="brand">{t('app.name')}</p>
        {session && (
          <p class="who">
            {t('account.signed_in', {
              name: session.user,
              role: vocab('role', session.role),
              agency: session.agency ?? t('agency.none'),
            })}
          </p>
        )}
        <nav aria-label={t('nav.label')}>
          <ul>
            {session && (
              <>
                {navFor(session.role).map((p) => (
                  <li key={p}>
                    <a href={p === 'home' ? '/' : `/${p}`} onClick={linkClick} aria-current={route.page === p ? 'page' : undefined}>{t(`nav.${p}`)}</a>
                  </li>
                ))}
              </>
            )}
            <li>
              <label for="lang">{t('nav.language')}</label>{' '}
              <select id="lang" name="language" value={lang()} onChange={(e) => changeLang((e.currentTarget as HTMLSelectElement).value as Lang)}>
                {LANGS.map((l) => (
                  <option value={l} key={l} lang={l === 'en' ? 'en' : 'zh-Hant-TW'}>{t(`lang.${l}`)}</option>
                ))}
              </select>
            </li>
            {session && (
              <li><button type="button" onClick={logout}>{t('nav.logout')}</button></li>
            )}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>{page}</main>
    </>
  );
}
