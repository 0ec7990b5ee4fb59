import { isId } from '../protocol/index.js'

/** The chat id of a console link `#/chat/<id>` (tickets link to chats this way), or undefined. */
export const chatIdFromHash = (hash: string): string | undefined => {
  const id = /^#\/chat\/(.+)$/.exec(hash)?.[1]
  return isId(id) ? id : undefined
}
