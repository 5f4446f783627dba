/** @module Image models: recognising them and the size suffixes of their names. */
export { IMAGE_ASPECT_RATIOS, IMAGE_SIZES, isImageModel, parseImageModelName, type ImageModelName } from './parse-image-model-name.js';
