import { useState } from 'preact/hooks'
import { randomId } from '../protocol/index.js'
import { uploadImage } from './api.js'
import { useFetch } from './fetch-context.js'
import type { Action } from './reducer.js'

/** Images the composer is uploading, and the function that uploads and sends one. */
export interface ImageUpload {
  /** images on their way to the relay */
  uploading: number
  /** uploads `image` into the chat, then sends it as a message; a refusal becomes a toast */
  send(image: Blob): Promise<void>
}

/** Uploads pasted, dropped or picked images of one chat and sends each as a message of its own. */
export const useImageUpload = (chatId: string, dispatch: (action: Action) => void): ImageUpload => {
  const fetchImpl = useFetch()
  const [uploading, setUploading] = useState(0)
  const send = async (image: Blob) => {
    setUploading((n) => n + 1)
    const result = await uploadImage(chatId, image, fetchImpl)
    setUploading((n) => n - 1)
    dispatch(
      result.ok
        ? { type: 'image', chatId, id: randomId(), image: result.value, at: Date.now() }
        : { type: 'toast', text: 'The image was not sent: ' + result.message }
    )
  }
  return { uploading, send }
}

/** The image files of a paste or drop (screenshots arrive as files, sometimes only as items). */
export const imageFiles = (data: DataTransfer | null): File[] => {
  if (!data) return []
  const files = [...data.files].filter((f) => f.type.startsWith('image/'))
  if (files.length) return files
  return [...data.items].flatMap((item) => (item.kind === 'file' && item.type.startsWith('image/') ? (item.getAsFile() ?? []) : []))
}
