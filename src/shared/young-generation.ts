import { setFlagsFromString } from 'node:v8';

/**
 * Keeps V8's young generation at its initial size while agt starts, and lets it grow again once the gateway serves.
 *
 * V8 doubles the young generation (up to 2 × 16 MiB on 64-bit) each time the objects that survive its collections add
 * up to its size. Loading ten thousand account files is such a burst: everything the pool keeps survives, so the young
 * generation grows to its maximum for data that is old from then on, and the process holds ~25 MiB more than it needs
 * while idle (README "Performance"). Growth is held from the first line of the CLI (module loading, the account load,
 * the start-up work in the background) until the first request with work to do (the AI routes, the admin API): from
 * then on traffic grows it as V8 decides, so request throughput is unchanged. An idle gateway keeps the small one.
 *
 * The growth factor is a V8 flag that V8 reads each time it grows the young generation (nothing caches it), which is
 * what makes changing it at run time safe. When the user tunes the young generation themselves (node flags or
 * NODE_OPTIONS), agt leaves it alone.
 */

/** V8's default `--semi-space-growth-factor`. */
const V8_GROWTH_FACTOR = 2;
const YOUNG_GENERATION_FLAG = /--(?:semi[-_]space[-_]growth[-_]factor|max[-_]semi[-_]space[-_]size|min[-_]semi[-_]space[-_]size)\b/;

let held = false;

/** True when node's own arguments or NODE_OPTIONS set the young generation's size or growth. */
export function hasYoungGenerationFlags(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  return execArgv.some((argument) => YOUNG_GENERATION_FLAG.test(argument)) || YOUNG_GENERATION_FLAG.test(nodeOptions ?? '');
}

/** From now on the young generation does not grow (see above); call before the modules of the gateway load. */
export function holdYoungGeneration(): void {
  if (held || hasYoungGenerationFlags(process.execArgv, process.env.NODE_OPTIONS)) return;
  setFlagsFromString('--semi-space-growth-factor=1');
  held = true;
}

/** The young generation grows again as V8 decides (requests arrive); does nothing when it was not held or is released. */
export function releaseYoungGeneration(): void {
  if (!held) return;
  held = false;
  setFlagsFromString(`--semi-space-growth-factor=${V8_GROWTH_FACTOR}`);
}
