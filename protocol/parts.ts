/** Image types the relay accepts, recognised by their bytes. */
export type ImageMime = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp'

/** Plain text, rendered as inert text everywhere. */
export interface TextPart {
  type: 'text'
  text: string
}

/** An image uploaded to the relay; clients build its URL from `id` (never a foreign URL). */
export interface ImagePart {
  type: 'image'
  id: string
  mime: ImageMime
  /** pixels */
  width: number
  /** pixels */
  height: number
}

/** One piece of a message's content. A message is a list of parts. */
export type Part = TextPart | ImagePart

/** The plain-text content of a message: its text parts joined, images as `[image]`. */
export const partsText = (parts: readonly Part[]): string => parts.map((p) => (p.type === 'text' ? p.text : '[image]')).join('\n')
