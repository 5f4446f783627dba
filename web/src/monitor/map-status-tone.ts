/** Colour of an HTTP status in the log: 2xx green, 3xx blue, 4xx amber, 5xx red, no answer grey. */
export function mapStatusTone(status: number): 'green' | 'blue' | 'amber' | 'red' | 'grey' {
  if (status >= 200 && status < 300) return 'green';
  if (status >= 300 && status < 400) return 'blue';
  if (status >= 400 && status < 500) return 'amber';
  if (status >= 500) return 'red';
  return 'grey';
}
