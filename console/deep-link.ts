/** The chat id of a console link `#/chat/<id>` (tickets link to chats this way), or undefined. */
export const chatIdFromHash = (hash: string): string | undefined => /^#\/chat\/([\w-]{1,64})$/.exec(hash)?.[1]
