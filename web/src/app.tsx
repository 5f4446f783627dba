import { useEffect, useState } from 'preact/hooks';
import { getSession, logout, setUnauthorizedHandler, ApiError } from './api';
import { AccountsPage } from './accounts/accounts-page';
import { describeError } from './components/describe-error';
import { LanguageSwitch } from './components/language-switch';
import { LoginForm } from './components/login-form';
import { useHashRoute } from './hooks/use-hash-route';
import type { Route } from './hooks/use-hash-route';
import { saveLanguagePreference } from './i18n/language-preference';
import { getLanguage, setLocale, t } from './i18n/t';
import type { MessageKey } from './i18n/en';
import { MonitorPage } from './monitor/monitor-page';
import { ProxyPage } from './proxy/proxy-page';
import { closeServerEvents } from './server-events';
import { StatsPage } from './stats/stats-page';

type SessionState = { kind: 'checking' } | { kind: 'anonymous' } | { kind: 'authenticated' } | { kind: 'unreachable'; message: string };

const NAVIGATION: ReadonlyArray<{ route: Route; label: MessageKey }> = [
  { route: 'accounts', label: 'nav.accounts' },
  { route: 'stats', label: 'nav.stats' },
  { route: 'proxy', label: 'nav.proxy' },
  { route: 'monitor', label: 'nav.monitor' },
];

export function App() {
  const [session, setSession] = useState<SessionState>({ kind: 'checking' });
  const [language, setLanguage] = useState(getLanguage);
  const route = useHashRoute();

  const changeLanguage = (tag: string) => {
    setLocale(tag);
    saveLanguagePreference(globalThis.localStorage, tag);
    setLanguage(getLanguage());
  };

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const checkSession = () => {
    getSession().then(
      (answer) => setSession(answer.authenticated ? { kind: 'authenticated' } : { kind: 'anonymous' }),
      (cause: unknown) =>
        setSession(
          cause instanceof ApiError && cause.status === 401
            ? { kind: 'anonymous' }
            : { kind: 'unreachable', message: describeError(cause) },
        ),
    );
  };

  useEffect(() => {
    setUnauthorizedHandler(() => {
      closeServerEvents();
      setSession({ kind: 'anonymous' });
    });
    checkSession();
    return () => setUnauthorizedHandler(undefined);
  }, []);

  useEffect(() => {
    const label = NAVIGATION.find((item) => item.route === route)?.label ?? 'nav.accounts';
    document.title = `${t(label)} · agt`;
  }, [route, language]);

  if (session.kind === 'checking') return <main class="center muted">{t('common.loading')}</main>;
  if (session.kind === 'unreachable') {
    return (
      <main class="center">
        <p class="form-error" role="alert">{session.message}</p>
        <button type="button" onClick={checkSession}>{t('common.retry')}</button>
      </main>
    );
  }
  if (session.kind === 'anonymous') {
    return (
      <div key={language}>
        <div class="login-language">
          <LanguageSwitch onChange={changeLanguage} />
        </div>
        <LoginForm onLoggedIn={() => setSession({ kind: 'authenticated' })} />
      </div>
    );
  }

  const signOut = async () => {
    closeServerEvents();
    try {
      await logout();
    } catch {
      // The cookie may already be gone; the login form is the right place either way.
    }
    setSession({ kind: 'anonymous' });
  };

  return (
    // Keyed by language: a switch re-renders every page in the new language (pages refetch their data).
    <div class="shell" key={language}>
      <header class="topbar">
        <span class="brand-mark">agt</span>
        <nav class="nav" aria-label={t('nav.label')}>
          {NAVIGATION.map((item) => (
            <a
              key={item.route}
              href={`#/${item.route}`}
              class={route === item.route ? 'nav-link active' : 'nav-link'}
              aria-current={route === item.route ? 'page' : undefined}
              data-testid={`nav-${item.route}`}
            >
              {t(item.label)}
            </a>
          ))}
        </nav>
        <LanguageSwitch onChange={changeLanguage} />
        <button type="button" class="small" data-testid="logout" onClick={() => void signOut()}>
          {t('nav.logout')}
        </button>
      </header>
      <main class="page">
        {route === 'accounts' && <AccountsPage />}
        {route === 'stats' && <StatsPage />}
        {route === 'proxy' && <ProxyPage />}
        {route === 'monitor' && <MonitorPage />}
      </main>
    </div>
  );
}
