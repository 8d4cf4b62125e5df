// The portal's paths (history API; the server answers index.html for any
// path of the portal it does not know).
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { page: 'home' }
  | { page: 'login' }
  | { page: 'report' }
  | { page: 'incident'; id: string }
  | { page: 'print'; id: string }
  | { page: 'alerts' }
  | { page: 'reviews' }
  | { page: 'sensors' }
  | { page: 'queue' }
  | { page: 'search' }
  | { page: 'advisories' }
  | { page: 'dashboard' }
  | { page: 'users' }
  | { page: 'agencies' }
  | { page: 'sightings' }
  | { page: 'policy' }
  | { page: 'audit' }
  | { page: 'partner' }
  | { page: 'obligations' }
  | { page: 'missing' }
  // web1: the indicator page, an advisory's STIX, feed sources and upload, the office's alert release
  | { page: 'indicator'; type: string; value: string }
  | { page: 'stix'; id: string }
  | { page: 'sources' }
  | { page: 'upload' }
  | { page: 'release' };

export function parseRoute(path: string): Route {
  if (path === '/' || path === '') return { page: 'home' };
  if (path === '/login') return { page: 'login' };
  if (path === '/report') return { page: 'report' };
  if (path === '/alerts') return { page: 'alerts' };
  if (path === '/reviews') return { page: 'reviews' };
  if (path === '/sensors') return { page: 'sensors' };
  for (const p of ['queue', 'search', 'advisories', 'dashboard', 'users', 'agencies'] as const)
    if (path === `/${p}`) return { page: p };
  for (const p of ['sightings', 'policy', 'audit', 'partner', 'obligations'] as const) if (path === `/${p}`) return { page: p };
  const m = /^\/incidents\/([^/]+)$/.exec(path);
  if (m) return { page: 'incident', id: decodeURIComponent(m[1]) };
  const pr = /^\/incidents\/([^/]+)\/print$/.exec(path);
  if (pr) return { page: 'print', id: decodeURIComponent(pr[1]) };
  return web1Route(path) ?? { page: 'missing' };
}

/** web1's pages: /indicators/TYPE/VALUE (the value percent-encoded), /advisories/ID/stix, /sources, /upload, /release. */
function web1Route(path: string): Route | null {
  if (path === '/sources') return { page: 'sources' };
  if (path === '/upload') return { page: 'upload' };
  if (path === '/release') return { page: 'release' };
  const ind = /^\/indicators\/([^/]+)\/([^/]+)$/.exec(path);
  if (ind) return { page: 'indicator', type: decodeURIComponent(ind[1]), value: decodeURIComponent(ind[2]) };
  const stix = /^\/advisories\/([^/]+)\/stix$/.exec(path);
  if (stix) return { page: 'stix', id: decodeURIComponent(stix[1]) };
  return null;
}

export function navigate(path: string): void {
  if (location.pathname !== path) history.pushState(null, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
}

export function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const on = () => setPath(location.pathname);
    addEventListener('popstate', on);
    return () => removeEventListener('popstate', on);
  }, []);
  return path;
}

/** A click on an in-portal link: navigate without a reload. */
export function linkClick(e: MouseEvent): void {
  const a = e.currentTarget as HTMLAnchorElement;
  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate(a.getAttribute('href') || '/');
}

/** The time now, ticking every second (for countdowns). */
export function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  return now;
}
