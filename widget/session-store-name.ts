/** The session's IndexedDB database: a site's own data (idb-keyval's default `keyval-store` included) is never touched. */
export const DB_NAME = 'parley'
