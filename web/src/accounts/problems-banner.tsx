import type { AccountProblem } from '../api';
import { t } from '../i18n/t';

/** Account files the gateway could not read: which file and why, so the user can fix or remove them. */
export function ProblemsBanner({ problems }: { problems: readonly AccountProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <div class="banner banner-warning" role="alert" data-testid="account-problems">
      <strong>{t('problems.title', { count: problems.length })}</strong>
      <ul>
        {problems.map((problem) => (
          <li key={problem.file} data-testid="account-problem" data-file={problem.file}>
            <code>{problem.file}</code> — {problem.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}
