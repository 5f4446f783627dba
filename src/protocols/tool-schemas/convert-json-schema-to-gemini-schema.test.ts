import { describe, it, expect } from 'vitest';
import { convertJsonSchemaToGeminiSchema } from './convert-json-schema-to-gemini-schema.js';

/** Keys Gemini's Schema message knows; anything else in the output is a 400 upstream. */
const GEMINI_SCHEMA_KEYS = new Set([
  'type',
  'format',
  'description',
  'nullable',
  'enum',
  'properties',
  'required',
  'items',
  'anyOf',
  'minimum',
  'maximum',
]);

function collectUnknownKeys(schema: unknown, path = '$', found: string[] = []): string[] {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return found;
  for (const [key, value] of Object.entries(schema)) {
    if (!GEMINI_SCHEMA_KEYS.has(key)) found.push(`${path}.${key}`);
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      for (const [name, child] of Object.entries(value)) collectUnknownKeys(child, `${path}.properties.${name}`, found);
    } else if (key === 'items') {
      collectUnknownKeys(value, `${path}.items`, found);
    } else if (key === 'anyOf' && Array.isArray(value)) {
      value.forEach((branch, index) => collectUnknownKeys(branch, `${path}.anyOf[${index}]`, found));
    }
  }
  return found;
}

function measureDepth(schema: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[schema, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    deepest = Math.max(deepest, depth);
    for (const value of Object.values(node)) stack.push([value, depth + 1]);
  }
  return deepest;
}

interface Case {
  name: string;
  input: unknown;
  expected: Record<string, unknown> | undefined;
}

const cases: Case[] = [
  { name: 'non-object input', input: 'string', expected: undefined },
  { name: 'null input', input: null, expected: undefined },
  { name: 'array input', input: [{ type: 'string' }], expected: undefined },
  { name: 'empty schema', input: {}, expected: { type: 'object', properties: {} } },
  { name: 'object without properties', input: { type: 'object' }, expected: { type: 'object', properties: {} } },
  {
    name: 'drops $schema, $id, title, additionalProperties, examples',
    input: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: 'urn:tool',
      title: 'Args',
      type: 'object',
      additionalProperties: false,
      examples: [{ a: 1 }],
      properties: { a: { type: 'string', title: 'A' } },
    },
    expected: { type: 'object', properties: { a: { type: 'string' } } },
  },
  {
    name: 'type list with null becomes nullable',
    input: { type: 'object', properties: { name: { type: ['string', 'null'], description: 'who' } } },
    expected: { type: 'object', properties: { name: { type: 'string', nullable: true, description: 'who' } } },
  },
  {
    name: 'anyOf of a type and null flattens (pydantic Optional)',
    input: {
      type: 'object',
      properties: { limit: { anyOf: [{ type: 'integer' }, { type: 'null' }], default: null, title: 'Limit' } },
    },
    expected: { type: 'object', properties: { limit: { type: 'integer', nullable: true } } },
  },
  {
    name: 'oneOf of two real types stays a union (as anyOf)',
    input: { oneOf: [{ type: 'string' }, { type: 'integer', minimum: 0 }] },
    expected: { anyOf: [{ type: 'string' }, { type: 'integer', minimum: 0 }] },
  },
  {
    name: 'type list of two types splits into anyOf with the relevant keywords',
    input: { type: ['string', 'array', 'null'], items: { type: 'string' }, maxLength: 5, description: 'paths' },
    expected: {
      anyOf: [
        { type: 'string', description: '(maxLength: 5)' },
        { type: 'array', items: { type: 'string' } },
      ],
      description: 'paths',
      nullable: true,
    },
  },
  {
    name: 'const becomes an enum of one',
    input: { type: 'object', properties: { kind: { const: 'file' } } },
    expected: { type: 'object', properties: { kind: { type: 'string', enum: ['file'] } } },
  },
  {
    name: 'anyOf of string consts becomes one enum',
    input: { anyOf: [{ const: 'a' }, { const: 'b' }, { enum: ['b', 'c'] }] },
    expected: { type: 'string', enum: ['a', 'b', 'c'] },
  },
  {
    name: 'numeric enums move to the description',
    input: { type: 'object', properties: { level: { type: 'integer', enum: [1, 2, 3], description: 'Level' } } },
    expected: {
      type: 'object',
      properties: { level: { type: 'integer', description: 'Level (allowed values: [1,2,3])' } },
    },
  },
  {
    name: 'enum with null marks nullable',
    input: { type: 'string', enum: ['x', null] },
    expected: { type: 'string', nullable: true, enum: ['x'] },
  },
  {
    name: 'format: only enum and date-time survive',
    input: {
      type: 'object',
      properties: {
        when: { type: 'string', format: 'date-time' },
        url: { type: 'string', format: 'uri' },
        count: { type: 'integer', format: 'int32' },
      },
    },
    expected: {
      type: 'object',
      properties: {
        when: { type: 'string', format: 'date-time' },
        url: { type: 'string', description: '(format: uri)' },
        count: { type: 'integer', description: '(format: int32)' },
      },
    },
  },
  {
    name: 'exclusive bounds, patternProperties, propertyNames, unevaluatedProperties are removed',
    input: {
      type: 'object',
      patternProperties: { '^x-': { type: 'string' } },
      propertyNames: { pattern: '^[a-z]+$' },
      unevaluatedProperties: false,
      properties: { size: { type: 'number', exclusiveMinimum: 0, maximum: 10 } },
    },
    expected: {
      type: 'object',
      properties: { size: { type: 'number', maximum: 10, description: '(exclusiveMinimum: 0)' } },
    },
  },
  {
    name: 'required keeps only declared properties, once',
    input: { type: 'object', properties: { a: { type: 'string' } }, required: ['a', 'ghost', 'a', 7] },
    expected: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
  },
  {
    name: 'array without items gets items {}',
    input: { type: 'object', properties: { tags: { type: 'array' }, grid: { type: 'array', items: { type: 'array' } } } },
    expected: {
      type: 'object',
      properties: {
        tags: { type: 'array', items: {} },
        grid: { type: 'array', items: { type: 'array', items: {} } },
      },
    },
  },
  {
    name: 'tuple items become anyOf',
    input: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }] },
    expected: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'number' }] } },
  },
  {
    name: '$defs reference is inlined and siblings win',
    input: {
      type: 'object',
      $defs: { Point: { type: 'object', description: 'a point', properties: { x: { type: 'number' } }, required: ['x'] } },
      properties: { origin: { $ref: '#/$defs/Point', description: 'where to start' } },
    },
    expected: {
      type: 'object',
      properties: {
        origin: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'], description: 'where to start' },
      },
    },
  },
  {
    name: 'draft-07 definitions with an escaped pointer',
    input: {
      definitions: { 'a/b': { type: 'string', enum: ['x'] } },
      type: 'object',
      properties: { value: { $ref: '#/definitions/a~1b' } },
    },
    expected: { type: 'object', properties: { value: { type: 'string', enum: ['x'] } } },
  },
  {
    name: 'unresolvable references keep the siblings',
    input: {
      type: 'object',
      properties: {
        remote: { $ref: 'https://example.com/schema.json', description: 'remote' },
        proto: { $ref: '#/__proto__' },
      },
    },
    expected: { type: 'object', properties: { remote: { description: 'remote' }, proto: {} } },
  },
  {
    name: 'allOf is merged, including required from another member',
    input: {
      $defs: { Base: { type: 'object', properties: { id: { type: 'string' } } } },
      allOf: [{ $ref: '#/$defs/Base' }, { properties: { name: { type: 'string' } } }, { required: ['id', 'name', 'nope'] }],
      description: 'entity',
    },
    expected: {
      type: 'object',
      description: 'entity',
      properties: { id: { type: 'string' }, name: { type: 'string' } },
      required: ['id', 'name'],
    },
  },
  {
    name: 'anyOf with a branch that accepts anything collapses to the parent',
    input: { type: 'object', properties: { a: { type: 'string' } }, anyOf: [{ required: ['a'] }, { required: ['b'] }] },
    expected: { type: 'object', properties: { a: { type: 'string' } } },
  },
  {
    name: 'string constraints become a description hint',
    input: { type: 'string', description: 'Name', minLength: 1, maxLength: 64, pattern: '^[a-z]+$', default: 'x' },
    expected: {
      type: 'string',
      description: 'Name (minLength: 1; maxLength: 64; pattern: "^[a-z]+$"; default: "x")',
    },
  },
  {
    name: 'uppercase Gemini types are normalised, unknown types dropped',
    input: { type: 'OBJECT', properties: { a: { type: 'STRING' }, b: { type: 'weird' } } },
    expected: { type: 'object', properties: { a: { type: 'string' }, b: {} } },
  },
];

describe('convertJsonSchemaToGeminiSchema', () => {
  it.each(cases)('$name', ({ input, expected }) => {
    expect(convertJsonSchemaToGeminiSchema(input)).toEqual(expected);
  });

  it('cleans a Claude Code style tool schema into Gemini keys only', () => {
    const todoWrite = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      additionalProperties: false,
      properties: {
        todos: {
          type: 'array',
          description: 'The updated todo list',
          items: {
            type: 'object',
            additionalProperties: false,
            properties: {
              content: { type: 'string', minLength: 1 },
              status: { type: 'string', enum: ['pending', 'in_progress', 'completed'] },
              priority: { type: 'string', enum: ['high', 'medium', 'low'] },
              id: { type: 'string' },
              children: { type: 'array', items: { type: 'array', items: { type: 'string' } } },
            },
            required: ['content', 'status', 'priority', 'id'],
          },
        },
        timeout: { type: 'number', exclusiveMinimum: 0, maximum: 600000 },
      },
      required: ['todos'],
    };
    const cleaned = convertJsonSchemaToGeminiSchema(todoWrite);
    expect(collectUnknownKeys(cleaned)).toEqual([]);
    expect(cleaned).toMatchObject({
      type: 'object',
      required: ['todos'],
      properties: {
        todos: {
          type: 'array',
          items: {
            type: 'object',
            required: ['content', 'status', 'priority', 'id'],
            properties: { status: { type: 'string', enum: ['pending', 'in_progress', 'completed'] } },
          },
        },
      },
    });
    expect(todoWrite.additionalProperties).toBe(false); // the input is not mutated
  });

  it('expands a recursive $ref a bounded number of times', () => {
    const tree = {
      $defs: {
        Node: {
          type: 'object',
          description: 'node',
          properties: { value: { type: 'string' }, children: { type: 'array', items: { $ref: '#/$defs/Node' } } },
        },
      },
      $ref: '#/$defs/Node',
    };
    const cleaned = convertJsonSchemaToGeminiSchema(tree)!;
    expect(collectUnknownKeys(cleaned)).toEqual([]);
    const level1 = cleaned as { properties: { children: { items: { properties: { children: { items: unknown } } } } } };
    const level2 = level1.properties.children.items;
    // the summary of the third visit: an object without properties
    expect(level2.properties.children.items).toEqual({ type: 'object', description: 'node', properties: {} });
  });

  it('handles a self-reference to the root', () => {
    const cleaned = convertJsonSchemaToGeminiSchema({ type: 'object', properties: { next: { $ref: '#' } } });
    expect(collectUnknownKeys(cleaned)).toEqual([]);
    expect(measureDepth(cleaned)).toBeLessThan(20);
  });

  it('does not explode on references that fan out', () => {
    const definitions: Record<string, unknown> = { D0: { type: 'string' } };
    for (let level = 1; level <= 30; level += 1) {
      const properties: Record<string, unknown> = {};
      for (let index = 0; index < 10; index += 1) properties[`p${index}`] = { $ref: `#/definitions/D${level - 1}` };
      definitions[`D${level}`] = { type: 'object', properties };
    }
    const started = performance.now();
    const cleaned = convertJsonSchemaToGeminiSchema({ definitions, $ref: '#/definitions/D30' });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(cleaned?.type).toBe('object');
    expect(collectUnknownKeys(cleaned)).toEqual([]);
  });

  it('caps 10,000 levels of nesting without a stack overflow', () => {
    let viaProperties: Record<string, unknown> = { type: 'string' };
    let viaItems: Record<string, unknown> = { type: 'string' };
    let viaUnions: Record<string, unknown> = { type: 'string' };
    for (let level = 0; level < 10_000; level += 1) {
      viaProperties = { type: 'object', properties: { child: viaProperties }, required: ['child'] };
      viaItems = { type: 'array', items: viaItems };
      viaUnions = { anyOf: [viaUnions, { type: 'null' }], allOf: [{ description: 'x' }] };
    }
    for (const schema of [viaProperties, viaItems, viaUnions]) {
      const cleaned = convertJsonSchemaToGeminiSchema(schema);
      expect(cleaned).toBeDefined();
      expect(collectUnknownKeys(cleaned)).toEqual([]);
      expect(measureDepth(cleaned)).toBeLessThan(200);
    }
  });

  it('keeps a property called __proto__ as data', () => {
    const input = JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string"}},"required":["__proto__"]}');
    const cleaned = convertJsonSchemaToGeminiSchema(input) as { properties: Record<string, unknown>; required: string[] };
    expect(Object.getPrototypeOf(cleaned.properties)).toBe(Object.prototype);
    expect(Object.hasOwn(cleaned.properties, '__proto__')).toBe(true);
    expect(JSON.stringify(cleaned)).toBe('{"type":"object","properties":{"__proto__":{"type":"string"}},"required":["__proto__"]}');
  });

  it('survives circular objects that did not come from JSON', () => {
    const loop: Record<string, unknown> = { type: 'object', default: {} };
    loop.properties = { self: loop };
    (loop.default as Record<string, unknown>).loop = loop;
    const cleaned = convertJsonSchemaToGeminiSchema(loop);
    expect(cleaned?.type).toBe('object');
  });

  it('serves a schema it has converted again by content, frozen, and converts a changed one afresh', () => {
    const schema = () => ({ type: 'object', properties: { path: { type: 'string', minLength: 1 } }, required: ['path'] });
    const first = convertJsonSchemaToGeminiSchema(schema());
    const again = convertJsonSchemaToGeminiSchema(schema());
    expect(again).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first?.properties)).toBe(true);
    expect(() => {
      (first as Record<string, unknown>).type = 'string';
    }).toThrow(TypeError);
    const changed = schema();
    changed.properties.path.type = 'integer';
    expect(convertJsonSchemaToGeminiSchema(changed)).toMatchObject({ properties: { path: { type: 'integer' } } });
  });
});
