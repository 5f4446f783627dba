import { CopyButton } from '../components/copy-button';
import { maskSecret } from '../format/mask-secret';
import { t } from '../i18n/t';
import { buildConfigSnippets } from './build-config-snippets';

/**
 * Copy-ready client setups. The key is masked on screen unless revealed, but the copy buttons always copy the
 * real text.
 */
export function ConfigSnippets({ baseUrl, apiKey, revealed }: { baseUrl: string; apiKey: string; revealed: boolean }) {
  const snippets = buildConfigSnippets({ baseUrl, apiKey });
  const masked = maskSecret(apiKey);
  return (
    <div class="snippet-grid" data-testid="config-snippets">
      {snippets.map((snippet) => (
        <article key={snippet.id} class="snippet" data-testid="snippet" data-snippet={snippet.id}>
          <header>
            <div>
              <h3>{snippet.title}</h3>
              {snippet.target !== '' && <span class="muted small-text mono">{snippet.target}</span>}
            </div>
            <CopyButton text={snippet.text} small testId={`snippet-copy-${snippet.id}`} label={t('copy.copy')} />
          </header>
          <pre class={`code language-${snippet.language}`}>
            <code>{revealed || apiKey === '' ? snippet.text : snippet.text.split(apiKey).join(masked)}</code>
          </pre>
        </article>
      ))}
    </div>
  );
}
