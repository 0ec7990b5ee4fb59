import { useEffect, useState } from 'preact/hooks'

/** Whether the media `query` matches, following changes (false where matchMedia is missing). */
export const useMedia = (query: string): boolean => {
  const get = () => typeof matchMedia === 'function' && matchMedia(query).matches
  const [matches, setMatches] = useState(get)
  useEffect(() => {
    if (typeof matchMedia !== 'function') return
    const list = matchMedia(query)
    const change = () => setMatches(list.matches)
    change()
    list.addEventListener('change', change)
    return () => list.removeEventListener('change', change)
  }, [query])
  return matches
}
