import { isRecord } from '../read-request-body.js';
import { buildGoogleError } from '../send-google-error.js';
import type { UpstreamRule } from './upstream-rule.js';

/** The fields of a Part's `data` oneof (https://ai.google.dev/api/caching#Part); one of them must be set. */
const DATA_FIELDS = ['text', 'inlineData', 'fileData', 'functionCall', 'functionResponse', 'executableCode', 'codeExecutionResult'];

/**
 * A part with none of the data fields set — `{}`, or only a signature or a `thought` flag — is refused with the
 * proto validation error quoted in router-for-me/CLIProxyAPI#1292 (an empty assistant text that became `{}`).
 */
export const requirePartData: UpstreamRule = {
  name: 'require-part-data',
  source: 'https://github.com/router-for-me/CLIProxyAPI/issues/1292 (the 400 text is the backend\'s own)',
  check({ request }) {
    for (const [contentIndex, content] of request.contents.entries()) {
      if (!isRecord(content) || !Array.isArray(content.parts)) continue;
      for (const [partIndex, part] of content.parts.entries()) {
        if (isRecord(part) && DATA_FIELDS.some((field) => part[field] !== undefined && part[field] !== null)) continue;
        return buildGoogleError(
          400,
          `* GenerateContentRequest.contents[${contentIndex}].parts[${partIndex}].data: required oneof field 'data' must have one initialized field\n`,
        );
      }
    }
    return undefined;
  },
};
