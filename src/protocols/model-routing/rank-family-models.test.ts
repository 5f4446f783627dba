import { describe, it, expect } from 'vitest';
import type { CatalogueModel } from './model-catalogue.js';
import { compareFamilyModels, readFamilyPreference } from './rank-family-models.js';

function sort(models: CatalogueModel[], name: string): string[] {
  const preference = readFamilyPreference(name);
  return [...models].sort((left, right) => compareFamilyModels(left, right, preference)).map((model) => model.id);
}

describe('compareFamilyModels', () => {
  const flash: CatalogueModel[] = [
    { id: 'gemini-3.5-flash-extra-low', displayName: 'Gemini 3.5 Flash (Low)' },
    { id: 'gemini-3-flash', displayName: 'Gemini 3 Flash' },
    { id: 'gemini-3.5-flash-low', displayName: 'Gemini 3.5 Flash (Medium)' },
    { id: 'gemini-3-flash-agent', displayName: 'Gemini 3.5 Flash (High)' },
  ];

  it('reads versions and tiers from display names first (ids like gemini-3-flash-agent hide them)', () => {
    expect(sort(flash, 'gemini-flash')).toEqual(['gemini-3-flash-agent', 'gemini-3.5-flash-low', 'gemini-3.5-flash-extra-low', 'gemini-3-flash']);
  });

  it('puts the tier the name asks for first within the newest version', () => {
    expect(sort(flash, 'gemini-3.5-flash-low')).toEqual(['gemini-3.5-flash-extra-low', 'gemini-3-flash-agent', 'gemini-3.5-flash-low', 'gemini-3-flash']);
  });

  it('reads versions from ids without display names, ignoring Claude release dates', () => {
    const claude: CatalogueModel[] = [{ id: 'claude-opus-4-5-20251101' }, { id: 'claude-opus-4-6-thinking' }, { id: 'claude-opus-5' }];
    expect(sort(claude, 'claude-opus-4-6-thinking')).toEqual(['claude-opus-5', 'claude-opus-4-6-thinking', 'claude-opus-4-5-20251101']);
  });

  it('breaks ties by recommended, then id, never by input order', () => {
    const models: CatalogueModel[] = [{ id: 'b' }, { id: 'a' }, { id: 'c', recommended: true }];
    expect(sort(models, 'x')).toEqual(['c', 'a', 'b']);
    expect(sort([...models].reverse(), 'x')).toEqual(['c', 'a', 'b']);
  });
});
