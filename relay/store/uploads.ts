// Uploaded images as the Store keeps them. An upload belongs to exactly one chat: a message may
// show it only in that chat, and it is deleted with the chat (retention, erasure).
import type { ImageMime } from '../../protocol/index.js'

/** An upload without its bytes. */
export interface UploadInfo {
  /** 128 random bits, base64url: the capability that lets a browser fetch it */
  id: string
  chatId: string
  /** who uploaded it */
  from: 'customer' | 'agent'
  /** sniffed from the bytes, never taken from the client */
  mime: ImageMime
  /** pixels, read from the image header */
  width: number
  height: number
  bytes: number
  /** ms since epoch */
  createdAt: number
}

/** Storage of uploads. */
export interface UploadStore {
  /** Stores an upload; resolves once committed. */
  putUpload(info: UploadInfo, data: Buffer): Promise<void>
  /** An upload's description, without its bytes. */
  uploadInfo(id: string): Promise<UploadInfo | undefined>
  /** An upload with its bytes. */
  getUpload(id: string): Promise<{ info: UploadInfo; data: Buffer } | undefined>
}
