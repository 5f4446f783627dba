import { isAnthropicWebSearchTool, type AnthropicTool } from './anthropic-messages-api.js';

/**
 * What one entry of an Anthropic `tools` list becomes for Gemini:
 * - `web_search`: Anthropic's web search server tool, run as Google Search (`protocols/web-search`);
 * - `function`: a tool the client runs itself, declared to Gemini as a function under the client's name, so the
 *   model's call comes back as a `tool_use` block the client knows;
 * - `dropped`: a server tool only Anthropic's servers can run (`code_execution_*`, `web_fetch_*`,
 *   `tool_search_tool_*`, `mcp_toolset`…). Code Assist has nothing to run it with, and declaring it as a function
 *   would send the client a `tool_use` for a tool it never implemented, so it is left out of the upstream request
 *   (the response says so in `x-agt-dropped-tools`). The real API accepts these tools, so a 400 is not an option.
 *
 * Anthropic-defined client tools (`bash_*`, `text_editor_*`, `computer_*`, `memory_*`) have no `input_schema` on
 * the wire: Claude knows them by heart, Gemini does not. They get the input schema Anthropic documents for them and
 * a description, so the model calls them with the arguments the client's implementation expects. A versioned type
 * agt has never heard of is read by its shape: with an `input_schema` it is a client tool, without one a server tool.
 *
 * Peers: Antigravity-Manager (`src-tauri/src/proxy/mappers/claude/request/tools.rs`) and antigravity-claude-proxy
 * (`src/format/request-converter.js`) declare every named tool as a function, with an empty object schema when there
 * is none (the model then calls `bash` without knowing its arguments, and server tools reach the client as
 * `tool_use`); CLIProxyAPI (`internal/translator/antigravity/claude/antigravity_claude_request.go`) silently skips
 * every tool without an `input_schema`, Anthropic-defined client tools included. None of them answers 400.
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/bash-tool
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/text-editor-tool
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/computer-use-tool
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/memory-tool
 */
export type ClassifiedAnthropicTool =
  | { kind: 'web_search' }
  | { kind: 'function'; name: string; description?: string; inputSchema?: Record<string, unknown> }
  | { kind: 'dropped'; label: string };

export function classifyAnthropicTool(tool: AnthropicTool): ClassifiedAnthropicTool {
  if (isAnthropicWebSearchTool(tool)) return { kind: 'web_search' };
  const type = tool.type ?? 'custom';
  const name = tool.name ?? '';
  const description = typeof tool.description === 'string' && tool.description !== '' ? tool.description : undefined;
  const inputSchema = tool.input_schema ?? undefined;
  if (type === 'custom') return withDescription({ kind: 'function', name, inputSchema }, description);
  const defined = describeAnthropicDefinedTool(type, tool);
  if (defined !== undefined) return withDescription({ kind: 'function', name, inputSchema: defined.inputSchema }, description ?? defined.description);
  if (inputSchema !== undefined && name !== '') return withDescription({ kind: 'function', name, inputSchema }, description);
  return { kind: 'dropped', label: name === '' ? type : `${type}:${name}` };
}

/** Whether a `type` names a tool the client must run (so the parser insists on its name). */
export function isAnthropicClientToolType(type: string | null | undefined, hasInputSchema: boolean): boolean {
  return type === undefined || type === null || type === 'custom' || CLIENT_TOOL_PATTERN.test(type) || hasInputSchema;
}

const CLIENT_TOOL_PATTERN = /^(bash|text_editor|computer|memory)_\d{8}$/;

function withDescription(
  tool: { kind: 'function'; name: string; inputSchema?: Record<string, unknown> },
  description: string | undefined,
): ClassifiedAnthropicTool {
  return description === undefined ? tool : { ...tool, description };
}

interface DefinedTool {
  description: string;
  inputSchema: Record<string, unknown>;
}

function describeAnthropicDefinedTool(type: string, tool: AnthropicTool): DefinedTool | undefined {
  const match = /^(bash|text_editor|computer|memory)_(\d{8})$/.exec(type);
  if (match === null) return undefined;
  const [, family, version] = match;
  switch (family) {
    case 'bash':
      return BASH_TOOL;
    case 'text_editor':
      return buildTextEditorTool(version);
    case 'computer':
      return buildComputerTool(version, tool);
    default:
      return MEMORY_TOOL;
  }
}

const BASH_TOOL: DefinedTool = {
  description:
    'Run a command in a persistent bash session (state such as the working directory and environment variables is ' +
    'kept between calls). Returns the combined stdout and stderr. Set restart to true to start a fresh session.',
  inputSchema: {
    type: 'object',
    properties: {
      command: { type: 'string', description: 'The bash command to run. Required unless restart is true.' },
      restart: { type: 'boolean', description: 'Set to true to restart the bash session instead of running a command.' },
    },
  },
};

/** `text_editor_20241022` / `_20250124` (named `str_replace_editor`) have `undo_edit`; later versions do not. */
function buildTextEditorTool(version: string): DefinedTool {
  const commands = version <= '20250124' ? ['view', 'create', 'str_replace', 'insert', 'undo_edit'] : ['view', 'create', 'str_replace', 'insert'];
  return {
    description:
      'View, create and edit text files. view shows a file with line numbers (or lists a directory); create writes a ' +
      'new file with file_text; str_replace replaces old_str, which must occur exactly once, with new_str; insert ' +
      `puts new_str after line insert_line (0 for the start of the file)${commands.includes('undo_edit') ? '; undo_edit reverts the last edit of path' : ''}.`,
    inputSchema: {
      type: 'object',
      properties: {
        command: { type: 'string', enum: commands, description: 'The operation to perform.' },
        path: { type: 'string', description: 'Absolute path of the file or directory.' },
        file_text: { type: 'string', description: 'create: the content of the new file.' },
        old_str: { type: 'string', description: 'str_replace: the exact text to replace, whitespace included.' },
        new_str: { type: 'string', description: 'str_replace: the replacement text; insert: the text to insert.' },
        insert_line: { type: 'integer', description: 'insert: the line number after which to insert (0 = start of file).' },
        view_range: {
          type: 'array',
          items: { type: 'integer' },
          description: 'view: [start, end] line numbers, 1-based; end -1 reads to the end of the file.',
        },
      },
      required: ['command', 'path'],
    },
  };
}

const COMPUTER_ACTIONS_20241022 = [
  'key', 'type', 'mouse_move', 'left_click', 'left_click_drag', 'right_click', 'middle_click', 'double_click', 'screenshot', 'cursor_position',
];
const COMPUTER_ACTIONS_20250124 = [
  ...COMPUTER_ACTIONS_20241022, 'scroll', 'triple_click', 'left_mouse_down', 'left_mouse_up', 'hold_key', 'wait',
];

/** `computer_20250124` added scrolling, holding and waiting; `computer_20251124` added `zoom` with a `region`. */
function buildComputerTool(version: string, tool: AnthropicTool): DefinedTool {
  const actions = version <= '20241022' ? COMPUTER_ACTIONS_20241022 : version < '20251124' ? COMPUTER_ACTIONS_20250124 : [...COMPUTER_ACTIONS_20250124, 'zoom'];
  const point = { type: 'array', items: { type: 'integer' } };
  const properties: Record<string, unknown> = {
    action: { type: 'string', enum: actions, description: 'The action to perform.' },
    coordinate: { ...point, description: '[x, y] in pixels from the top left corner of the screen.' },
    start_coordinate: { ...point, description: 'left_click_drag: the [x, y] where the drag starts.' },
    text: { type: 'string', description: 'type: the text to type; key / hold_key: the key or combination (xdotool syntax, e.g. "ctrl+s").' },
  };
  if (actions.includes('scroll')) {
    properties.scroll_direction = { type: 'string', enum: ['up', 'down', 'left', 'right'], description: 'scroll: the direction.' };
    properties.scroll_amount = { type: 'integer', description: 'scroll: how many wheel clicks.' };
    properties.duration = { type: 'number', description: 'hold_key / wait: seconds.' };
  }
  if (actions.includes('zoom')) {
    properties.region = { ...point, description: 'zoom: [x1, y1, x2, y2], the screen area to view at full resolution.' };
  }
  const size = describeScreen(tool);
  return {
    description: `Control the computer's mouse and keyboard and take screenshots.${size} Take a screenshot to see the screen before acting.`,
    inputSchema: { type: 'object', properties, required: ['action'] },
  };
}

function describeScreen(tool: AnthropicTool): string {
  const record = tool as Record<string, unknown>;
  const width = record.display_width_px;
  const height = record.display_height_px;
  if (typeof width !== 'number' || typeof height !== 'number') return '';
  const display = typeof record.display_number === 'number' ? ` (display :${record.display_number})` : '';
  return ` The screen is ${width}x${height} pixels${display}.`;
}

const MEMORY_TOOL: DefinedTool = {
  description:
    'Read and write your persistent memory files under /memories, kept across conversations. Check them before ' +
    'starting a task and record progress and learnings as you go. Commands: view (a file or directory), create, ' +
    'str_replace, insert, delete, rename.',
  inputSchema: {
    type: 'object',
    properties: {
      command: { type: 'string', enum: ['view', 'create', 'str_replace', 'insert', 'delete', 'rename'], description: 'The operation to perform.' },
      path: { type: 'string', description: 'The file or directory, under /memories.' },
      view_range: { type: 'array', items: { type: 'integer' }, description: 'view: [start, end] line numbers.' },
      file_text: { type: 'string', description: 'create: the content of the file.' },
      old_str: { type: 'string', description: 'str_replace: the exact text to replace.' },
      new_str: { type: 'string', description: 'str_replace: the replacement text.' },
      insert_line: { type: 'integer', description: 'insert: the line number after which to insert.' },
      insert_text: { type: 'string', description: 'insert: the text to insert.' },
      old_path: { type: 'string', description: 'rename: the current path.' },
      new_path: { type: 'string', description: 'rename: the new path.' },
    },
    required: ['command'],
  },
};
