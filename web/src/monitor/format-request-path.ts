/** The path of a logged request without its query string (which may carry a `key=`), e.g. `/v1/messages`. */
export function formatRequestPath(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}
