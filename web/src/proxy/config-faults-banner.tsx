import type { ConfigFault } from '../api';
import { t } from '../i18n/t';

/**
 * Configuration faults no account can fix (Google refusing the Antigravity client version): shown loudly on the
 * Accounts and Proxy pages, because every request fails while all accounts still look healthy.
 */
export function ConfigFaultsBanner({ faults }: { faults: readonly ConfigFault[] | undefined }) {
  if (faults === undefined || faults.length === 0) return null;
  return (
    <div class="banner banner-error" role="alert" data-testid="config-faults">
      <strong>{t('configFaults.title')}</strong>
      <ul>
        {faults.map((fault) => (
          <li key={fault.kind} data-testid="config-fault" data-kind={fault.kind}>
            {fault.message}{' '}
            <span class="muted small-text">{t('configFaults.count', { count: fault.count, time: new Date(fault.first_at).toLocaleString() })}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
