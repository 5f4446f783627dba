import { useState } from 'preact/hooks';
import { importAccounts } from '../api';
import type { ImportAnswer } from '../api';
import { describeError } from '../components/describe-error';
import { Dialog } from '../components/dialog';
import { t } from '../i18n/t';
import { parseImportFile } from './parse-import-file';

interface ImportDialogProps {
  onClose: () => void;
  onImported: (answer: ImportAnswer) => void;
}

/** Import accounts from an Antigravity Tools export (`antigravity_accounts_*.json`): pick the file or paste it. */
export function ImportDialog({ onClose, onImported }: ImportDialogProps) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [answer, setAnswer] = useState<ImportAnswer>();

  const readFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (file === undefined) return;
    setText(await file.text());
    setError(undefined);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const parsed = parseImportFile(text);
    if (!parsed.ok) {
      setError(t(parsed.problem === 'empty' ? 'import.empty' : parsed.problem === 'json' ? 'import.notJson' : 'import.wrongShape'));
      return;
    }
    setBusy(true);
    setError(undefined);
    setAnswer(undefined);
    try {
      const result = await importAccounts(parsed.entries);
      setAnswer(result);
      onImported(result);
    } catch (cause) {
      setError(describeError(cause));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('import.title')} onClose={onClose} testId="import-dialog" wide>
      <form class="stack" onSubmit={(event) => void submit(event)} noValidate>
        <p class="muted">{t('import.explain')}</p>
        <label class="field">
          <span>{t('import.file')}</span>
          <input type="file" accept=".json,application/json" data-testid="import-file" onChange={(event) => void readFile(event.currentTarget)} />
        </label>
        <label class="field">
          <span>{t('import.paste')}</span>
          <textarea
            rows={5}
            spellcheck={false}
            autocomplete="off"
            placeholder='[{"email": "a@gmail.com", "refresh_token": "1//0g…"}]'
            value={text}
            data-testid="import-text"
            onInput={(event) => setText(event.currentTarget.value)}
          />
        </label>
        {error !== undefined && <p class="form-error" role="alert" data-testid="import-error">{error}</p>}
        {answer !== undefined && (
          <div data-testid="import-result" data-imported={answer.imported} data-failed={answer.failed}>
            <p class={answer.failed > 0 ? 'form-warning' : 'form-success'} role="status">
              {t('import.done', { imported: answer.imported, failed: answer.failed })}
            </p>
            {answer.failed > 0 && (
              <ul class="import-failures">
                {answer.results
                  .filter((result) => !result.ok)
                  .map((result, index) => (
                    <li key={index} data-testid="import-failure">
                      <strong>{result.email ?? t('import.noEmail')}</strong>: {result.error}
                    </li>
                  ))}
              </ul>
            )}
          </div>
        )}
        <div class="row-end">
          <button type="button" onClick={onClose}>{t('common.close')}</button>
          <button type="submit" class="primary" disabled={busy} data-testid="import-submit">
            {busy ? t('import.importing') : t('import.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
