import { IMAGE_ASPECT_RATIOS } from '../images/parse-image-model-name.js';

/**
 * OpenAI's `size` (`1792x1024`, `1024x1536`, `auto`…) as a Gemini aspect ratio: the supported ratio closest to
 * width / height (within 5 %, as Antigravity Tools matches it in `proxy/mappers/common_utils.rs`); a ratio written
 * as such (`16:9`) is taken as is. Undefined for `auto`, nothing, or a size no ratio is close to.
 */
export function mapOpenAIImageSizeToAspectRatio(size: string | null | undefined): string | undefined {
  const value = size?.trim() ?? '';
  if (value === '' || value.toLowerCase() === 'auto') return undefined;
  if (IMAGE_ASPECT_RATIOS.includes(value)) return value;
  const match = /^(\d+)\s*[x×]\s*(\d+)$/i.exec(value);
  if (match === null) return undefined;
  const width = Number(match[1]);
  const height = Number(match[2]);
  if (width <= 0 || height <= 0) return undefined;
  const ratio = width / height;
  let best: { name: string; distance: number } | undefined;
  for (const name of IMAGE_ASPECT_RATIOS) {
    const [w, h] = name.split(':').map(Number) as [number, number];
    const distance = Math.abs(ratio - w / h) / (w / h);
    if (distance <= 0.05 && (best === undefined || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/**
 * OpenAI's `quality` as a Gemini image size: `low`/`standard` → 1K, `medium` → 2K, `high`/`hd` → 4K (Antigravity
 * Tools' mapping); `auto` or anything else leaves the model's default.
 */
export function mapOpenAIImageQualityToSize(quality: string | null | undefined): string | undefined {
  switch (quality?.trim().toLowerCase()) {
    case 'low':
    case 'standard':
      return '1K';
    case 'medium':
      return '2K';
    case 'high':
    case 'hd':
      return '4K';
    default:
      return undefined;
  }
}
