import type { LogQuery } from '../api';

export interface LogFilters {
  /** '' (all), 'errors' (errors_only=1) or an exact status code */
  status: string;
  model: string;
  account: string;
  protocol: string;
}

export const EMPTY_LOG_FILTERS: LogFilters = { status: '', model: '', account: '', protocol: '' };

/** The filter bar's values as `GET /api/logs` parameters. */
export function convertFiltersToQuery(filters: LogFilters, offset: number, limit: number): LogQuery {
  const errorsOnly = filters.status === 'errors';
  return {
    limit,
    offset,
    status: errorsOnly ? undefined : filters.status.trim() || undefined,
    errorsOnly: errorsOnly || undefined,
    model: filters.model.trim() || undefined,
    account: filters.account.trim() || undefined,
    protocol: filters.protocol || undefined,
  };
}

export function hasActiveFilters(filters: LogFilters): boolean {
  return Object.values(filters).some((value) => value.trim() !== '');
}
