/** The pause after the first failing round: DNS answers are rarely cached for less. */
export const FIRST_DELAY_MS = 5_000;
/** The longest pause between rounds: a change is still noticed within a minute. */
export const MAX_DELAY_MS = 60_000;

/**
 * The pause after round `round` (1 for the first) of `verify --wait`: 5 s, growing by half each round
 * to at most 60 s, so a fleet that settles late is not asked every few seconds for hours.
 */
export function backoffDelay(round: number): number {
  return Math.min(MAX_DELAY_MS, Math.round(FIRST_DELAY_MS * 1.5 ** Math.max(0, round - 1)));
}
