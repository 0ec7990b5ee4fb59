import { useEffect, useState } from 'preact/hooks'

/** The current time (ms since epoch), re-rendering every `everyMs` ms while `enabled`. */
export const useNow = (everyMs: number, enabled = true): number => {
  const [now, setNow] = useState(Date.now)
  useEffect(() => {
    if (!enabled) return
    setNow(Date.now())
    const timer = setInterval(() => setNow(Date.now()), everyMs)
    return () => clearInterval(timer)
  }, [everyMs, enabled])
  return now
}
