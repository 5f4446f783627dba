/** Per-model cooldowns still running at `nowMs`, soonest first. */
export function selectActiveCooldowns(
  modelCooldowns: Record<string, number> | null | undefined,
  nowMs: number,
): Array<{ model: string; until: number }> {
  if (modelCooldowns === null || modelCooldowns === undefined) return [];
  return Object.entries(modelCooldowns)
    .filter(([, until]) => typeof until === 'number' && until > nowMs)
    .map(([model, until]) => ({ model, until }))
    .sort((left, right) => left.until - right.until);
}
