// Several console tabs see the same new chat; only the first may chime (the "same sound in every
// tab" bug of other products). Desktop notifications dedupe themselves by `tag`.

/** How long a claim stands (ms); old keys are swept so storage does not grow. */
const CLAIM_MS = 10 * 60_000

/** True for the first tab of this browser to claim `key` (also true where storage is unavailable). */
export const claimOnce = (key: string, now = Date.now()): boolean => {
  try {
    const k = 'parley:once:' + key
    if (localStorage.getItem(k)) return false
    localStorage.setItem(k, String(now))
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const other = localStorage.key(i)
      if (other?.startsWith('parley:once:') && now - Number(localStorage.getItem(other)) > CLAIM_MS) localStorage.removeItem(other)
    }
    return true
  } catch {
    return true
  }
}
