/** A 2xx Cloud Code answer that is not the JSON agt expects (a proxy page, a changed API). */
export class UnexpectedResponseError extends Error {
  readonly status: number;

  constructor(message: string, status: number) {
    super(message);
    this.name = 'UnexpectedResponseError';
    this.status = status;
  }
}
