// Images the customer pastes, drops or picks: downscaled in the browser and re-encoded (which also
// drops EXIF data such as a photo's location), then uploaded over HTTP with progress.
import type { ImagePart } from '../protocol/index.js'
import type { Notice } from './state.js'
import type { Upload } from './ui/actions.js'

/** Longest side of an uploaded image (px). */
export const MAX_SIDE_PX = 1600
/** Files larger than this are refused before decoding (bytes). */
export const MAX_FILE_BYTES = 40e6

/**
 * `file` ready to upload: at most MAX_SIDE_PX on its longest side, re-encoded as PNG when it was
 * one (screenshots stay sharp) and as JPEG otherwise. Rejects when the browser cannot decode it
 * (not an image, or a type it does not know).
 */
export const prepareImage = async (file: Blob): Promise<Blob> => {
  const bitmap = await createImageBitmap(file)
  const k = Math.min(1, MAX_SIDE_PX / Math.max(bitmap.width, bitmap.height))
  const c = document.createElement('canvas')
  const w = (c.width = bitmap.width * k)
  const h = (c.height = bitmap.height * k)
  const g = c.getContext('2d')!
  // JPEG has no transparency: what is transparent becomes white, not black.
  g.fillStyle = '#fff'
  g.fillRect(0, 0, w, h)
  g.drawImage(bitmap, 0, 0, w, h)
  return new Promise((ok, fail) => c.toBlob((b) => (b ? ok(b) : fail()), file.type === 'image/png' ? file.type : 'image/jpeg', 0.85))
}

/** Why an upload failed: the relay's error code ('type' for 415), or undefined when the network failed. */
export type UploadError = string | undefined

/**
 * Uploads `blob` into the chat of visitor `token` (`POST <relay>/api/uploads`) and resolves with
 * its message part; `progress` hears 0–1. Rejects with an UploadError.
 */
export const uploadImage = (relay: string, token: string, blob: Blob, progress: (p: number) => void): Promise<ImagePart> =>
  new Promise((ok, fail) => {
    // XMLHttpRequest, not fetch: only it reports upload progress.
    const x = new XMLHttpRequest()
    x.open('POST', relay + '/api/uploads')
    x.setRequestHeader('x-parley-token', token)
    x.upload.onprogress = (e) => progress(e.loaded / e.total)
    x.onload = () => {
      try {
        const r = JSON.parse(x.responseText)
        if (x.status < 300) ok({ type: 'image', id: r.id, mime: r.mime, width: r.width, height: r.height })
        else fail(x.status === 415 ? 'type' : r.code || 'internal')
      } catch {
        fail()
      }
    }
    x.onerror = () => fail()
    // The body's type comes from the blob.
    x.send(blob)
  })

/**
 * Sends `file` into the chat of visitor `token`: shrunk, then shown in `ups` (the composer's
 * images on their way; `paint` after every change) while it uploads, then `sent` with its part.
 * `failed` hears why not: 'type' when it is no image the browser can decode, the relay's code, or 'oops'.
 */
export const sendImage = (
  file: Blob,
  relay: string,
  token: string,
  ups: Upload[],
  paint: () => void,
  sent: (part: ImagePart) => void,
  failed: (why: Notice) => void
): Promise<void> =>
  prepareImage(file).then(
    (blob) => {
      const up: Upload = { url: URL.createObjectURL(blob), p: 0 }
      const done = () => {
        ups.splice(ups.indexOf(up), 1)
        URL.revokeObjectURL(up.url)
      }
      ups.push(up)
      paint()
      uploadImage(relay, token, blob, (p) => {
        up.p = p
        paint()
      }).then(
        (part) => {
          done()
          sent(part)
        },
        (code) => {
          done()
          failed((code as Notice) || 'oops')
        }
      )
    },
    () => failed('type')
  )
