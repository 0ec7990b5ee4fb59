import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openSqliteStore } from '../../relay/store/sqlite-store.js'
import { storeContract } from './store-contract.js'

storeContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-contract-'))
  const file = join(dir, 'parley.db')
  let store = openSqliteStore(file)
  return {
    store,
    async reopen() {
      await store.close()
      return (store = openSqliteStore(file))
    },
    async dispose() {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
})
