import { useEffect, useState } from 'preact/hooks';
import { AUTH_MODES, getSettings, listAccounts, updateSettings } from '../api';
import type { AccountView, AuthMode, Settings, SettingsUpdate } from '../api';
import { CopyButton } from '../components/copy-button';
import { describeError } from '../components/describe-error';
import { NoticeBar } from '../components/notice-bar';
import type { Notice } from '../components/notice-bar';
import { t } from '../i18n/t';
import type { MessageKey } from '../i18n/en';
import { ApiKeyField } from './api-key-field';
import { ConfigFaultsBanner } from './config-faults-banner';
import { ConfigSnippets } from './config-snippets';
import { convertMappingToRows, convertRowsToMapping } from './convert-mapping-rows';
import type { MappingRow } from './convert-mapping-rows';
import { MappingEditor } from './mapping-editor';
import { buildPoolSettingsUpdate, convertSettingsToPoolDraft, type PoolDraft } from './pool-settings-draft';
import { PoolSettingsFields } from './pool-settings-fields';

interface Draft {
  auth_mode: AuthMode;
  allow_lan_access: boolean;
  port: string;
  enable_logging: boolean;
  log_retention_days: string;
  mapping: MappingRow[];
  pool: PoolDraft;
  /** Empty: the built-in default. */
  antigravity_version: string;
}

const VERSION_PATTERN = /^\d{1,6}(?:\.\d{1,6}){1,3}$/;

const AUTH_MODE_HINTS: Record<AuthMode, MessageKey> = {
  off: 'authMode.off',
  strict: 'authMode.strict',
  all_except_health: 'authMode.allExceptHealth',
  auto: 'authMode.auto',
};

function convertSettingsToDraft(settings: Settings): Draft {
  return {
    auth_mode: settings.auth_mode,
    allow_lan_access: settings.allow_lan_access,
    port: String(settings.port),
    enable_logging: settings.enable_logging,
    log_retention_days: String(settings.log_retention_days),
    mapping: convertMappingToRows(settings.custom_mapping),
    pool: convertSettingsToPoolDraft(settings),
    antigravity_version: settings.antigravity_version_source === 'default' ? '' : settings.antigravity_version,
  };
}

function sameMapping(left: Record<string, string>, right: Record<string, string>): boolean {
  const leftKeys = Object.keys(left);
  return leftKeys.length === Object.keys(right).length && leftKeys.every((key) => right[key] === left[key]);
}

type BuiltUpdate = { ok: true; update: SettingsUpdate } | { ok: false; message: string; mappingRow?: number };

/** Only the fields the user changed, validated; `PUT /api/settings` accepts any subset. */
function buildSettingsUpdate(settings: Settings, draft: Draft): BuiltUpdate {
  const update: SettingsUpdate = {};
  if (draft.auth_mode !== settings.auth_mode) update.auth_mode = draft.auth_mode;
  if (draft.allow_lan_access !== settings.allow_lan_access) update.allow_lan_access = draft.allow_lan_access;
  if (draft.enable_logging !== settings.enable_logging) update.enable_logging = draft.enable_logging;
  // Only edited numbers are checked: a gateway started with `--port 0` reports port 0, which is no change.
  if (draft.port.trim() !== String(settings.port)) {
    const port = Number(draft.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) return { ok: false, message: t('proxy.invalidPort') };
    if (port !== settings.port) update.port = port;
  }
  if (draft.log_retention_days.trim() !== String(settings.log_retention_days)) {
    const retention = Number(draft.log_retention_days);
    if (!Number.isInteger(retention) || retention < 0) return { ok: false, message: t('proxy.invalidRetention') };
    if (retention !== settings.log_retention_days) update.log_retention_days = retention;
  }
  const savedVersion = settings.antigravity_version_source === 'default' ? '' : settings.antigravity_version;
  const version = draft.antigravity_version.trim();
  if (settings.antigravity_version_source !== 'env' && version !== savedVersion) {
    if (version !== '' && !VERSION_PATTERN.test(version)) return { ok: false, message: t('proxy.invalidAntigravityVersion') };
    update.antigravity_version = version === '' ? null : version;
  }
  const mapping = convertRowsToMapping(draft.mapping);
  if (!mapping.ok) {
    const message =
      mapping.problem === 'duplicate' ? t('mapping.duplicate', { model: mapping.from }) : t('mapping.incomplete', { row: mapping.row + 1 });
    return { ok: false, message, mappingRow: mapping.row };
  }
  if (!sameMapping(mapping.mapping, settings.custom_mapping ?? {})) update.custom_mapping = mapping.mapping;
  const pool = buildPoolSettingsUpdate(settings, draft.pool);
  if (!pool.ok) return pool;
  return { ok: true, update: { ...update, ...pool.update } };
}

export function ProxyPage() {
  const [settings, setSettings] = useState<Settings>();
  const [draft, setDraft] = useState<Draft>();
  const [loadError, setLoadError] = useState<string>();
  const [notice, setNotice] = useState<Notice>();
  const [revealed, setRevealed] = useState(false);
  const [saving, setSaving] = useState(false);
  const [invalidRow, setInvalidRow] = useState<number>();
  const [accounts, setAccounts] = useState<AccountView[]>([]);

  useEffect(() => {
    listAccounts().then(
      (list) => setAccounts([...list.accounts].sort((left, right) => left.email.localeCompare(right.email))),
      () => undefined,
    );
  }, []);

  const load = () => {
    getSettings().then(
      (answer) => {
        setSettings(answer);
        setDraft(convertSettingsToDraft(answer));
        setLoadError(undefined);
      },
      (cause: unknown) => setLoadError(describeError(cause)),
    );
  };
  useEffect(load, []);

  if (settings === undefined || draft === undefined) {
    return (
      <section>
        <h1>{t('proxy.title')}</h1>
        {loadError !== undefined ? (
          <div class="banner banner-error" role="alert">
            {t('proxy.loadFailed', { message: loadError })} <button type="button" class="small" onClick={load}>{t('common.retry')}</button>
          </div>
        ) : (
          <p class="muted">{t('common.loading')}</p>
        )}
      </section>
    );
  }

  const built = buildSettingsUpdate(settings, draft);
  const dirty = !built.ok || Object.keys(built.update).length > 0;
  const change = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch });
    setInvalidRow(undefined);
  };

  const save = async (event: Event) => {
    event.preventDefault();
    if (!built.ok) {
      setInvalidRow(built.mappingRow);
      setNotice({ kind: 'error', text: built.message });
      return;
    }
    if (Object.keys(built.update).length === 0) return;
    setSaving(true);
    try {
      const answer = await updateSettings(built.update);
      const { restart_required: restartRequired, ...next } = answer;
      setSettings(next);
      setDraft(convertSettingsToDraft(next));
      setNotice({ kind: restartRequired ? 'info' : 'success', text: restartRequired ? t('proxy.savedRestart') : t('proxy.saved') });
    } catch (cause) {
      setNotice({ kind: 'error', text: describeError(cause) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <section class="proxy-page" aria-labelledby="proxy-title">
      <div class="page-header">
        <h1 id="proxy-title">{t('proxy.title')}</h1>
      </div>
      <NoticeBar notice={notice} onDismiss={() => setNotice(undefined)} />
      <ConfigFaultsBanner faults={settings.config_faults} />

      <div class="card">
        <h2>{t('proxy.connection')}</h2>
        <div class="field">
          <span class="label">{t('proxy.baseUrl')}</span>
          <div class="inline-group">
            <code class="value-box" data-testid="proxy-base-url">{settings.base_url}</code>
            <CopyButton text={settings.base_url} small testId="proxy-base-url-copy" />
          </div>
          <span class="muted small-text">{t('proxy.baseUrlHint', { url: `${settings.base_url.replace(/\/+$/, '')}/v1` })}</span>
        </div>
        <ApiKeyField
          apiKey={settings.api_key}
          revealed={revealed}
          onRevealedChange={setRevealed}
          onRegenerated={(apiKey) => {
            setSettings({ ...settings, api_key: apiKey });
            setNotice({ kind: 'success', text: t('proxy.regenerated') });
          }}
        />
      </div>

      {/* The page validates the fields itself (buildSettingsUpdate): the browser's own checks would block saving
          anything while an unedited field is out of their range, e.g. port 0 of a gateway started with --port 0. */}
      <form class="card" noValidate onSubmit={(event) => void save(event)} data-testid="settings-form">
        <h2>{t('proxy.access')}</h2>
        <div class="form-grid">
          <label class="field">
            <span class="label">{t('proxy.authMode')}</span>
            <select
              value={draft.auth_mode}
              data-testid="proxy-auth-mode"
              onChange={(event) => change({ auth_mode: event.currentTarget.value as AuthMode })}
            >
              {AUTH_MODES.map((mode) => (
                <option key={mode} value={mode}>{mode}</option>
              ))}
            </select>
            <span class="muted small-text">{t(AUTH_MODE_HINTS[draft.auth_mode])}</span>
            <span class="small-text" data-testid="proxy-effective-auth-mode" data-mode={settings.effective_auth_mode}>
              {t('proxy.effectiveMode')} <strong>{settings.effective_auth_mode}</strong>
            </span>
          </label>
          <div class="field">
            <label class="check">
              <input
                type="checkbox"
                checked={draft.allow_lan_access}
                data-testid="proxy-lan-access"
                onChange={(event) => change({ allow_lan_access: event.currentTarget.checked })}
              />
              <span>{t('proxy.lanAccess')}</span>
            </label>
            <span class="muted small-text">{t('proxy.lanHint', { host: settings.host })}</span>
            <span class="restart-note small-text">{t('proxy.needsRestart')}</span>
          </div>
          <label class="field">
            <span class="label">{t('proxy.port')}</span>
            <input
              type="number"
              min={1}
              max={65535}
              value={draft.port}
              data-testid="proxy-port"
              onInput={(event) => change({ port: event.currentTarget.value })}
            />
            <span class="restart-note small-text">{t('proxy.needsRestart')}</span>
          </label>
        </div>

        <h2>{t('proxy.mapping')}</h2>
        <p class="muted small-text">{t('mapping.hint')}</p>
        <MappingEditor rows={draft.mapping} invalidRow={invalidRow} onChange={(mapping) => change({ mapping })} />

        <PoolSettingsFields draft={draft.pool} accounts={accounts} onChange={(pool) => change({ pool: { ...draft.pool, ...pool } })} />

        <h2>{t('proxy.upstream')}</h2>
        <label class="field">
          <span class="label">{t('proxy.antigravityVersion')}</span>
          <input
            type="text"
            inputMode="decimal"
            spellcheck={false}
            value={settings.antigravity_version_source === 'env' ? settings.antigravity_version : draft.antigravity_version}
            placeholder={settings.antigravity_version_default}
            disabled={settings.antigravity_version_source === 'env'}
            data-testid="proxy-antigravity-version"
            onInput={(event) => change({ antigravity_version: event.currentTarget.value })}
          />
          <span class="muted small-text">
            {settings.antigravity_version_source === 'env'
              ? t('proxy.antigravityVersionFromEnv')
              : t('proxy.antigravityVersionHint', { version: settings.antigravity_version_default })}
          </span>
        </label>

        <h2>{t('proxy.logging')}</h2>
        <div class="form-grid">
          <label class="check">
            <input
              type="checkbox"
              checked={draft.enable_logging}
              data-testid="proxy-enable-logging"
              onChange={(event) => change({ enable_logging: event.currentTarget.checked })}
            />
            <span>{t('proxy.enableLogging')}</span>
          </label>
          <label class="field">
            <span class="label">{t('proxy.retention')}</span>
            <input
              type="number"
              min={0}
              value={draft.log_retention_days}
              data-testid="proxy-log-retention"
              onInput={(event) => change({ log_retention_days: event.currentTarget.value })}
            />
          </label>
        </div>

        <div class="save-bar">
          {dirty && <span class="muted small-text" data-testid="settings-dirty">{t('proxy.unsaved')}</span>}
          <button type="button" disabled={!dirty || saving} data-testid="settings-reset" onClick={() => change(convertSettingsToDraft(settings))}>
            {t('proxy.reset')}
          </button>
          <button type="submit" class="primary" disabled={!dirty || saving} data-testid="settings-save">
            {saving ? t('proxy.saving') : t('proxy.save')}
          </button>
        </div>
      </form>

      <div class="card">
        <h2>{t('proxy.clients')}</h2>
        <p class="muted small-text">{t('proxy.clientsHint')}</p>
        <ConfigSnippets baseUrl={settings.base_url} apiKey={settings.api_key} revealed={revealed} />
      </div>
    </section>
  );
}
