/**
 * Case-sensitive glob where `*` matches any run of characters (also none) and every other character matches
 * itself. Greedy with one backtrack point, so it runs in O(pattern × name) at worst and cannot be made to
 * backtrack exponentially the way a regular expression built from user text could.
 */
export function matchModelPattern(pattern: string, name: string): boolean {
  let patternIndex = 0;
  let nameIndex = 0;
  let starIndex = -1;
  let resumeIndex = 0;
  while (nameIndex < name.length) {
    if (patternIndex < pattern.length && pattern[patternIndex] === '*') {
      starIndex = patternIndex;
      resumeIndex = nameIndex;
      patternIndex += 1;
    } else if (patternIndex < pattern.length && pattern[patternIndex] === name[nameIndex]) {
      patternIndex += 1;
      nameIndex += 1;
    } else if (starIndex !== -1) {
      patternIndex = starIndex + 1;
      resumeIndex += 1;
      nameIndex = resumeIndex;
    } else {
      return false;
    }
  }
  while (patternIndex < pattern.length && pattern[patternIndex] === '*') patternIndex += 1;
  return patternIndex === pattern.length;
}

/**
 * Orders wildcard patterns from most to least specific: more literal (non-`*`) characters first, then the longer
 * pattern, then plain code-unit order, so the winner never depends on object insertion order.
 */
export function compareModelPatternSpecificity(left: string, right: string): number {
  const literalDifference = countLiteralCharacters(right) - countLiteralCharacters(left);
  if (literalDifference !== 0) return literalDifference;
  if (left.length !== right.length) return right.length - left.length;
  return left < right ? -1 : left > right ? 1 : 0;
}

function countLiteralCharacters(pattern: string): number {
  let count = 0;
  for (const character of pattern) if (character !== '*') count += 1;
  return count;
}
