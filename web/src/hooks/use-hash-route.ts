import { useEffect, useState } from 'preact/hooks';

export type Route = 'accounts' | 'stats' | 'proxy' | 'monitor';
const ROUTES: readonly Route[] = ['accounts', 'stats', 'proxy', 'monitor'];

/** `#/proxy` → `proxy`; anything unknown is the accounts page. */
export function parseHashRoute(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'accounts';
}

export function useHashRoute(): Route {
  const [route, setRoute] = useState(() => parseHashRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseHashRoute(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
