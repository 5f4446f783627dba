/**
 * Image models and the size suffixes clients put on their names. Antigravity Tools takes
 * `gemini-3-pro-image[-1x1|-4x3|-3x4|-16x9|-9x16|-21x9…][-1k|-2k|-4k]` and turns the suffixes into
 * `generationConfig.imageConfig` (`proxy/mappers/common_utils.rs`), so clients that can only pick a model name
 * (Cherry Studio, chat UIs) can still ask for a shape and a resolution.
 */
export interface ImageModelName {
  /** The model without its suffixes. */
  model: string;
  aspectRatio?: string;
  imageSize?: string;
}

const RATIO_SUFFIX = /-(21|16|9|5|4|3|2|1)[x-](9|16|5|4|3|2|1)$/i;
const SIZE_SUFFIX = /-(1k|2k|4k|hd|standard)$/i;
const IMAGE_MODEL = /-image(?:-|$)/i;

/** The aspect ratios and sizes `imageConfig` takes (https://ai.google.dev/gemini-api/docs/image-generation). */
export const IMAGE_ASPECT_RATIOS: readonly string[] = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'];
export const IMAGE_SIZES: readonly string[] = ['1K', '2K', '4K'];

export function isImageModel(model: string): boolean {
  return IMAGE_MODEL.test(model);
}

/** Splits an image model name into the model and its suffixes; undefined for a model that makes no images. */
export function parseImageModelName(name: string): ImageModelName | undefined {
  if (!isImageModel(name)) return undefined;
  let model = name;
  let aspectRatio: string | undefined;
  let imageSize: string | undefined;
  for (let changed = true; changed; ) {
    changed = false;
    const size = SIZE_SUFFIX.exec(model);
    if (size !== null) {
      imageSize ??= mapSizeSuffix(size[1]!.toLowerCase());
      model = model.slice(0, size.index);
      changed = true;
    }
    const ratio = RATIO_SUFFIX.exec(model);
    if (ratio !== null && IMAGE_ASPECT_RATIOS.includes(`${ratio[1]}:${ratio[2]}`)) {
      aspectRatio ??= `${ratio[1]}:${ratio[2]}`;
      model = model.slice(0, ratio.index);
      changed = true;
    }
  }
  const parsed: ImageModelName = { model };
  if (aspectRatio !== undefined) parsed.aspectRatio = aspectRatio;
  if (imageSize !== undefined) parsed.imageSize = imageSize;
  return parsed;
}

function mapSizeSuffix(suffix: string): string {
  switch (suffix) {
    case '4k':
    case 'hd':
      return '4K';
    case '2k':
      return '2K';
    default:
      return '1K';
  }
}
