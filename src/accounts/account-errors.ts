/** A file in `accounts/` that cannot be used as an account: invalid JSON, truncated, empty, missing fields, wrong id. */
export class AccountFileError extends Error {
  readonly file: string;
  readonly reason: string;

  constructor(file: string, reason: string) {
    super(`Account file ${file} cannot be used: ${reason}`);
    this.name = 'AccountFileError';
    this.file = file;
    this.reason = reason;
  }
}

export type AccountStoreErrorCode =
  | 'DATA_DIR_UNWRITABLE'
  | 'DATA_DIR_NOT_DIRECTORY'
  | 'LOCK_TIMEOUT'
  | 'LOCK_LOST'
  | 'INVALID_ACCOUNT'
  | 'INVALID_ID'
  | 'AMBIGUOUS_ACCOUNT';

/** A failure of the store itself (data directory, locking, a mutation that would write an invalid account). */
export class AccountStoreError extends Error {
  readonly code: AccountStoreErrorCode;

  constructor(code: AccountStoreErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AccountStoreError';
    this.code = code;
  }
}
