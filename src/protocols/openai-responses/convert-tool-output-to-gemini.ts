import type { GeminiPart } from '../gemini/gemini-api.js';
import { convertToolResultTextToGemini } from '../openai/convert-tool-result-text-to-gemini.js';
import { convertResponsesContentPartToGemini } from './convert-responses-content-part-to-gemini.js';
import type { ResponsesInputContentPart } from './openai-responses-api.js';

export interface ConvertedToolOutput {
  /** The `functionResponse.response` object. */
  response: Record<string, unknown>;
  /** Images and files of the output, sent as parts beside the function response (Gemini's response is JSON). */
  mediaParts: GeminiPart[];
}

/**
 * Converts the `output` of a `function_call_output` / `custom_tool_call_output` item. The response is
 * `{ result: … }`: the output itself when its text is a JSON object, else `{ content: text }` (also for JSON too
 * deep to send on). Text parts of an array output are joined; image and file parts travel as media parts.
 */
export function convertToolOutputToGemini(output: string | readonly ResponsesInputContentPart[], path: string): ConvertedToolOutput {
  let text = '';
  const mediaParts: GeminiPart[] = [];
  if (typeof output === 'string') {
    text = output;
  } else {
    output.forEach((part, index) => {
      if (part.type === 'input_text') {
        text += part.text;
        return;
      }
      const converted = convertResponsesContentPartToGemini(part, `${path}[${index}]`);
      if (converted !== undefined) mediaParts.push(converted);
    });
  }
  return { response: { result: convertToolResultTextToGemini(text) }, mediaParts };
}
