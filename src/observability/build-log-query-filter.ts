import type { LogQuery } from './request-log-entry.js';

export interface LogQueryFilter {
  /** `WHERE …` or an empty string. */
  where: string;
  parameters: (string | number)[];
}

/** Builds the SQL filter for `GET /api/logs`; values are always bound, never spliced into the SQL. */
export function buildLogQueryFilter(query: LogQuery): LogQueryFilter {
  const conditions: string[] = [];
  const parameters: (string | number)[] = [];
  if (query.errorsOnly || query.status === 'errors') {
    conditions.push('(status >= 400 OR error IS NOT NULL)');
  } else if (typeof query.status === 'number' && Number.isInteger(query.status)) {
    conditions.push('status = ?');
    parameters.push(query.status);
  }
  if (query.model) {
    const pattern = toLikePattern(query.model);
    conditions.push("(model LIKE ? ESCAPE '\\' OR mapped_model LIKE ? ESCAPE '\\')");
    parameters.push(pattern, pattern);
  }
  if (query.account) {
    conditions.push("account_email LIKE ? ESCAPE '\\'");
    parameters.push(toLikePattern(query.account));
  }
  if (query.protocol) {
    conditions.push('protocol = ?');
    parameters.push(query.protocol);
  }
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', parameters };
}

/** A substring match: `%`, `_` and `\` in the user's text match themselves. */
function toLikePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}
