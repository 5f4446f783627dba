const CHUNK_BYTES = 4096;

/** How many bytes `a` and `b` share at their ends (chunks compared natively, then the last one byte by byte). */
export function commonSuffixLength(a: Uint8Array, b: Uint8Array): number {
  const limit = Math.min(a.length, b.length);
  let shared = 0;
  while (
    shared + CHUNK_BYTES <= limit &&
    Buffer.compare(a.subarray(a.length - shared - CHUNK_BYTES, a.length - shared), b.subarray(b.length - shared - CHUNK_BYTES, b.length - shared)) === 0
  ) {
    shared += CHUNK_BYTES;
  }
  while (shared < limit && a[a.length - 1 - shared] === b[b.length - 1 - shared]) shared += 1;
  return shared;
}
