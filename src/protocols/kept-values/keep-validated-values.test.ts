import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../shared/deep-freeze.js';
import { KeptValidation, validateWithKeptValues, type KeptMemberRule } from './keep-validated-values.js';

const entrySchema = z.looseObject({ role: z.enum(['user', 'assistant']), content: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]) });
const toolsSchema = z.array(z.looseObject({ name: z.string() })).nullish();
const whole = z.looseObject({ model: z.string(), messages: z.array(entrySchema).min(1), tools: toolsSchema });
const shell = whole.extend({ messages: z.array(z.unknown()).min(1), tools: z.unknown().optional() });

function countingValidation<T>(schema: z.ZodType<T>): { validation: KeptValidation<T>; runs: () => number } {
  let runs = 0;
  const counted = schema.superRefine(() => {
    runs++;
  }) as unknown as z.ZodType<T>;
  return { validation: new KeptValidation(counted), runs: () => runs };
}

describe('KeptValidation', () => {
  it('validates a frozen value once and hands out the same frozen result after', () => {
    const { validation, runs } = countingValidation(entrySchema);
    const entry = deepFreeze({ role: 'user', content: [{ type: 'text', text: 'hi', extra: { kept: true } }] });
    const first = validation.parse(entry);
    const second = validation.parse(entry);
    expect(first).toEqual({ success: true, data: entry });
    expect(second.success && first.success && second.data === first.data).toBe(true);
    expect(first.success && Object.isFrozen(first.data) && Object.isFrozen((first.data as { content: object[] }).content[0])).toBe(true);
    expect(runs()).toBe(1);
  });

  it('validates a value that is not frozen every time and keeps nothing for it', () => {
    const { validation, runs } = countingValidation(entrySchema);
    const entry = { role: 'user', content: 'hi' };
    validation.parse(entry);
    entry.content = 'changed';
    expect(validation.parse(entry)).toEqual({ success: true, data: { role: 'user', content: 'changed' } });
    expect(runs()).toBe(2);
  });

  it('never keeps a failure: a frozen value that failed is validated again', () => {
    let attempts = 0;
    const validation = new KeptValidation(
      z.unknown().transform((value, context) => {
        attempts++;
        context.addIssue({ code: 'custom', message: 'refused' });
        return value;
      }),
    );
    const entry = deepFreeze({ role: 'user', content: 'hi' });
    expect(validation.parse(entry)).toEqual({ success: false });
    expect(validation.parse(entry)).toEqual({ success: false });
    expect(attempts).toBe(2);
  });
});

describe('validateWithKeptValues', () => {
  const rules = (): KeptMemberRule[] => [
    { member: 'messages', entries: new KeptValidation(entrySchema) },
    { member: 'tools', value: new KeptValidation(toolsSchema) },
  ];

  it('leaves a body without kept values to the whole schema', () => {
    expect(validateWithKeptValues({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }, shell, rules())).toBeUndefined();
  });

  it('gives what the whole schema gives for a body with kept entries and a kept tool list', () => {
    const kept = deepFreeze({ role: 'assistant', content: [{ type: 'tool_use', id: 'a', input: { q: 1 } }] });
    const tools = deepFreeze([{ name: 'search', input_schema: { type: 'object' } }]);
    const body = { model: 'm', messages: [{ role: 'user', content: 'q' }, kept, { role: 'user', content: 'more' }], tools, extra: 1 };
    const reused = validateWithKeptValues(body, shell, rules());
    expect(reused).toEqual(whole.parse(body));
    expect(Object.keys(reused ?? {})).toEqual(Object.keys(whole.parse(body)));
  });

  it('keeps an absent or null tool list as the whole schema does', () => {
    const kept = deepFreeze({ role: 'user', content: 'kept' });
    for (const body of [{ model: 'm', messages: [kept] }, { model: 'm', messages: [kept], tools: null }]) {
      expect(validateWithKeptValues(body, shell, rules())).toEqual(whole.parse(body));
    }
  });

  it('hands anything invalid back to the whole schema, which names the problem', () => {
    const kept = deepFreeze({ role: 'user', content: 'kept' });
    const bodies = [
      { model: 'm', messages: [kept, { role: 'robot', content: 'x' }] },
      { model: 7, messages: [kept] },
      { model: 'm', messages: [kept], tools: [{ name: 3 }] },
      { model: 'm', messages: [kept], tools: 'all' },
      { model: 'm', messages: deepFreeze([]), tools: deepFreeze([{ name: 'x' }]) },
    ];
    for (const body of bodies) {
      expect(validateWithKeptValues(body, shell, rules())).toBeUndefined();
      expect(whole.safeParse(body).success).toBe(false);
    }
  });
});
