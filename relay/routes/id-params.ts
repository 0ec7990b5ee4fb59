// The `:id` route parameter every REST route shares: an id as the protocol defines it.
import { ID_PATTERN } from '../../protocol/index.js'

/** JSON schema of `{ id }` path parameters (protocol/ids.ts). */
export const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: ID_PATTERN } } } as const
