import { distance } from "fastest-levenshtein";

/**
 * The candidate closest to `input`, when it is close enough to be a plausible typo
 * (at most half its length, and never more than 3 edits, away: a swap of two letters costs 2).
 */
export function closestMatch(input: string, candidates: readonly string[]): string | undefined {
  const needle = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const d = distance(needle, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.min(3, Math.max(1, Math.ceil(needle.length / 2)));
  return best !== undefined && bestDistance <= limit ? best : undefined;
}

/** ` (did you mean "x"?)` when a candidate is close, else the empty string. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const match = closestMatch(input, candidates);
  return match === undefined ? "" : ` (did you mean "${match}"?)`;
}
