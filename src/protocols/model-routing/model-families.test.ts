import { describe, it, expect } from 'vitest';
import { classifyModelFamily, FALLBACK_UPSTREAM_MODELS, MODEL_FAMILIES } from './model-families.js';

describe('classifyModelFamily', () => {
  it.each([
    // The defaults of the clients users run (reference/clients-and-peers-2026-12.md).
    ['claude-opus-5-5', 'claude-opus'],
    ['claude-opus-4-8', 'claude-opus'],
    ['claude-opus-4-6-thinking', 'claude-opus'],
    ['claude-3-opus-20240229', 'claude-opus'],
    ['claude-fable-5', 'claude-opus'],
    ['claude-sonnet-4-6', 'claude-sonnet'],
    ['claude-sonnet-4-5-20250929', 'claude-sonnet'],
    ['claude-3-7-sonnet-latest', 'claude-sonnet'],
    ['claude-haiku-4-5-20251001', 'claude-sonnet'],
    ['claude-3-5-haiku-20241022', 'claude-sonnet'],
    ['claude-instant-1', 'claude-sonnet'],
    ['gpt-5', 'gemini-pro'],
    ['gpt-5.5', 'gemini-pro'],
    ['gpt-5-codex', 'gemini-pro'],
    ['gpt-6.1-sol', 'gemini-pro'],
    ['gpt-7', 'gemini-pro'],
    ['gpt-6-mini', 'gemini-flash'],
    ['gpt-5-mini', 'gemini-flash'],
    ['gpt-5.1-nano', 'gemini-flash'],
    ['gpt-4o', 'gemini-flash'],
    ['gpt-4.1-mini', 'gemini-flash'],
    ['gpt-3.5-turbo', 'gemini-flash'],
    ['o1', 'gemini-pro'],
    ['o3-pro', 'gemini-pro'],
    ['o3-mini', 'gemini-flash'],
    ['o4-mini', 'gemini-flash'],
    ['o4-mini-high', 'gemini-flash'],
    ['gpt-oss-120b-medium', 'gpt-oss'],
    ['gemini-3.5-flash-lite', 'gemini-flash-lite'],
    ['gemini-2.5-flash-lite', 'gemini-flash-lite'],
    ['gemini-flash-lite-latest', 'gemini-flash-lite'],
    ['gemini-3.1-pro-preview', 'gemini-pro'],
    ['gemini-pro-agent', 'gemini-pro'],
    ['gemini-3-pro-high', 'gemini-pro'],
    ['gemini-2.5-pro', 'gemini-pro'],
    ['gemini-exp-1206', 'gemini-pro'],
    ['gemini-3-flash-agent', 'gemini-flash'],
    ['gemini-3.8-flash-high', 'gemini-flash'],
    ['gemini-2.5-flash', 'gemini-flash'],
    ['gemini-2.0-flash-exp', 'gemini-flash'],
    ['gemini-3.1-flash-image', 'gemini-image'],
    ['gemini-3-pro-image-4k-16x9', 'gemini-image'],
    ['gemini-2.5-flash-image-preview', 'gemini-image'],
    ['GPT-4o', 'gemini-flash'],
    ['internal-background-task', 'gemini-flash'],
  ])('%s → %s', (name, family) => {
    expect(classifyModelFamily(name)).toBe(family);
  });

  it.each(['mistral-large', 'deepseek-chat', 'tab_flash_lite_preview', 'chat_20706', 'gemini-embedding-001', 'o', ''])('%j has no family', (name) => {
    expect(classifyModelFamily(name)).toBeUndefined();
  });

  it('puts every fallback model in its own family', () => {
    for (const family of Object.values(MODEL_FAMILIES)) {
      for (const model of family.fallbackModels) expect(classifyModelFamily(model)).toBe(family.id);
      expect(classifyModelFamily(family.listedAlias)).toBe(family.id);
    }
    expect(new Set(FALLBACK_UPSTREAM_MODELS).size).toBe(FALLBACK_UPSTREAM_MODELS.length);
  });
});
