import { getLanguage, LANGUAGES, t } from '../i18n/t';

/** The language picker in the top bar and on the login form; the choice is remembered by the caller. */
export function LanguageSwitch({ onChange }: { onChange: (tag: string) => void }) {
  return (
    <label class="language-switch">
      <span class="visually-hidden">{t('nav.language')}</span>
      <select value={getLanguage()} data-testid="language-switch" aria-label={t('nav.language')} onChange={(event) => onChange(event.currentTarget.value)}>
        {LANGUAGES.map((language) => (
          <option key={language.tag} value={language.tag} lang={language.tag}>
            {language.name}
          </option>
        ))}
      </select>
    </label>
  );
}
