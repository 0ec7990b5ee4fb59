/**
 * Delay before reconnect attempt `attempt` (0-based): exponential from `baseMs`, capped at `maxMs`,
 * with "equal jitter" so a relay restart does not bring every client back in the same millisecond.
 * `random` is injectable for tests (default Math.random).
 */
export const backoffMs = (attempt: number, baseMs = 500, maxMs = 30_000, random = Math.random): number => {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 16))
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}
