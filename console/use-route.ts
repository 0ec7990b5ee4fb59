import { useEffect, useState } from 'preact/hooks'
import { parseRoute, type Route } from './route.js'

/** The route of the location hash, following every change (links, Back, typed URLs). */
export const useRoute = (): Route => {
  const [route, setRoute] = useState(() => parseRoute(location.hash))
  useEffect(() => {
    const follow = () => setRoute(parseRoute(location.hash))
    addEventListener('hashchange', follow)
    return () => removeEventListener('hashchange', follow)
  }, [])
  return route
}

/** Goes to `hash` (a history entry, so Back returns). */
export const go = (hash: string): void => {
  if (location.hash !== hash) location.hash = hash
}
