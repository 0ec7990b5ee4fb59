// Images in messages. A message may show only images uploaded into its own chat, and what the
// message says about an image (type, size) is taken from the stored upload, never from the
// client: a customer cannot show another chat's image, or lie about one to the console.
import type { Part } from '../../protocol/index.js'
import { ERR_FORBIDDEN } from '../errors.js'
import type { UploadStore } from '../store/uploads.js'

/** The parts with every image checked against `chatId` (none may appear before a chat exists) and described by its upload. Throws ERR_FORBIDDEN. */
export const bindImages = async (store: Pick<UploadStore, 'uploadInfo'>, chatId: string | undefined, parts: Part[]): Promise<Part[]> => {
  if (!parts.some((p) => p.type === 'image')) return parts
  return Promise.all(
    parts.map(async (p): Promise<Part> => {
      if (p.type !== 'image') return p
      const u = chatId === undefined ? undefined : await store.uploadInfo(p.id)
      // One answer for "no such upload" and "another chat's upload": no oracle for guessed ids.
      if (!u || u.chatId !== chatId) throw new ERR_FORBIDDEN('Images must be uploaded into this chat first')
      return { type: 'image', id: u.id, mime: u.mime, width: u.width, height: u.height }
    })
  )
}
