const CHUNK_BYTES = 4096;

/** How many bytes `a` and `b` share from the start (chunks compared natively, then the last one byte by byte). */
export function commonPrefixLength(a: Uint8Array, b: Uint8Array): number {
  const limit = Math.min(a.length, b.length);
  let at = 0;
  while (at + CHUNK_BYTES <= limit && Buffer.compare(a.subarray(at, at + CHUNK_BYTES), b.subarray(at, at + CHUNK_BYTES)) === 0) at += CHUNK_BYTES;
  while (at < limit && a[at] === b[at]) at += 1;
  return at;
}
