/**
 * @module accounts
 * The account file store (`accounts/<id>.json` + the `accounts.json` index) and the pure account transitions.
 */
export { AccountStore, parseAccountFileName } from './account-store.js';
export type { AccountProblem, AccountStoreLogger, AccountStoreOptions, UpsertResult } from './account-store.js';
export { AccountFileError, AccountStoreError } from './account-errors.js';
export type { AccountStoreErrorCode } from './account-errors.js';
export {
  applyInvalidGrant,
  applyProxyDisabled,
  applyUpsert,
  buildNewAccount,
  MAX_REASON_BYTES,
} from './account-transitions.js';
export type { UpsertInput } from './account-transitions.js';
export { applyQuotaSnapshot } from './apply-quota-snapshot.js';
export type { QuotaBucketEntry, QuotaGroupEntry, QuotaModelEntry, QuotaSnapshot } from './apply-quota-snapshot.js';
export { accountFileSchema, tokenDataSchema } from './account-schema.js';
export type { AccountFile, AccountIndex, AccountIndexEntry, TokenData } from './account-schema.js';
export { parseAccountFile, stripBomAndNul } from './parse-account-file.js';
export { findLoosePermissions } from './find-loose-permissions.js';
