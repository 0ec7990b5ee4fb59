import { useEffect, useState } from 'preact/hooks'
import type { ApiResult } from './api.js'
import type { Notice } from './components/AdminNotice.js'
import { useFetch } from './fetch-context.js'

/**
 * An admin screen's list, loaded once with `load` when the screen mounts (`null` until it arrives),
 * and the screen's notice, which says why the list did not load.
 */
export const useAdminList = <T>(load: (fetchImpl: typeof fetch) => Promise<ApiResult<T[]>>) => {
  const fetchImpl = useFetch()
  const [list, setList] = useState<T[] | null>(null)
  const [notice, setNotice] = useState<Notice | null>(null)
  useEffect(() => {
    void load(fetchImpl).then((r) => (r.ok ? setList(r.value) : setNotice({ ok: false, text: r.message })))
  }, [])
  return { fetchImpl, list, setList, notice, setNotice }
}
