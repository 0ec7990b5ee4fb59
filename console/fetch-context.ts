import { createContext } from 'preact'
import { useContext } from 'preact/hooks'

/** The fetch the console's components use; tests provide a fake. Unset: the browser's fetch. */
export const FetchContext = createContext<typeof fetch | undefined>(undefined)

/** The fetch of the nearest {@link FetchContext}, or the browser's (looked up at call time). */
export const useFetch = (): typeof fetch => useContext(FetchContext) ?? ((input, init) => fetch(input, init))
