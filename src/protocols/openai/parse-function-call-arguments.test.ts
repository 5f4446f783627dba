import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../shared/gateway-error.js';
import { parseFunctionCallArguments } from './parse-function-call-arguments.js';

describe('parseFunctionCallArguments', () => {
  it('parses a JSON object string, an empty string and an object', () => {
    expect(parseFunctionCallArguments('{"command":["ls","-la"]}', 'p')).toEqual({ command: ['ls', '-la'] });
    expect(parseFunctionCallArguments('  ', 'p')).toEqual({});
    expect(parseFunctionCallArguments({ a: 1 }, 'p')).toEqual({ a: 1 });
  });

  it('refuses what is not a JSON object, or too deep, naming the field', () => {
    expect(() => parseFunctionCallArguments('{', 'input[1].arguments')).toThrow(new GatewayError('INVALID_REQUEST', 'input[1].arguments: is not valid JSON'));
    expect(() => parseFunctionCallArguments('"text"', 'p')).toThrow(new GatewayError('INVALID_REQUEST', 'p: must be a JSON object'));
    expect(() => parseFunctionCallArguments('null', 'p')).toThrow(new GatewayError('INVALID_REQUEST', 'p: must be a JSON object'));
    expect(() => parseFunctionCallArguments(`${'{"a":'.repeat(101)}1${'}'.repeat(101)}`, 'p')).toThrow(
      new GatewayError('INVALID_REQUEST', 'p: nests deeper than 100 levels'),
    );
  });
});
