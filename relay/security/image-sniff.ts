// Recognises uploaded images by their bytes and reads their dimensions from the headers, without
// decoding a pixel: PNG (and APNG), JPEG, GIF and WebP, nothing else. A decompression bomb (a tiny
// file that decodes to gigabytes in every agent's browser) is refused by its declared dimensions.
//
// What is refused, precisely:
//   - anything that does not parse as one of the four formats (SVG, HTML, text, truncated files);
//   - bytes after the image's end (after PNG's IEND, GIF's trailer, JPEG's EOI unless they are
//     further JPEGs or zero padding as phones write them), which is how image+ZIP/HTML files are made;
//   - files containing one of a short list of markup openers (MARKUP below) anywhere, e.g. a PNG
//     text chunk holding `<script>`: a blacklist, kept as a second line of defence only.
// What is NOT refused (test/relay/uploads.test.ts shows both):
//   - a polyglot built inside the format's own structure without those openers: a GIF whose header
//     bytes read as JavaScript and whose comment block holds a script, a PNG text chunk holding
//     `<img src=x onerror=…>`;
//   - metadata (EXIF with GPS, XMP, ICC profiles): the widget re-encodes images before upload; files
//     uploaded any other way keep theirs.
// Those are harmless as served (routes/upload-routes.ts): the sniffed image type with `nosniff`
// (browsers run no script and apply no style from an image type), a `sandbox` CSP with
// `default-src 'none'` when opened on their own, and an unguessable URL. Re-encoding every upload
// with an image library would remove them too, at the cost of a native dependency and a full
// decode per upload; the headers above are what makes serving them safe.
import type { ImageMime } from '../../protocol/index.js'

/** What the header says about an image. */
export interface ImageInfo {
  mime: ImageMime
  /** pixels */
  width: number
  /** pixels */
  height: number
  /** frames of an animation; 1 for a still image */
  frames: number
}

/** Limits an image must fit. */
export interface ImageLimits {
  /** all frames together, pixels */
  maxImagePixels: number
  /** either side, pixels */
  maxImageSidePx: number
}

/** `type`: not one of the four formats, malformed, data after the end or a markup opener; `size`: over a limit. */
export type Sniffed = { ok: true; info: ImageInfo } | { ok: false; problem: 'type' | 'size'; reason: string }

const NOT_AN_IMAGE = 'Only PNG, JPEG, GIF and WebP images are accepted'

// A parser runs on bytes a stranger chose: every read is bounds-checked by these helpers, which
// throw (caught in sniffImage) rather than return garbage.
const need = (b: Uint8Array, end: number) => {
  if (end > b.length) throw new Error('truncated')
}
/** Reads `n` bytes at `i` with `read`, or throws 'truncated' when the buffer ends before them. */
const at = <T>(b: Buffer, i: number, n: number, read: () => T): T => {
  need(b, i + n)
  return read()
}
const u16be = (b: Buffer, i: number) => at(b, i, 2, () => b.readUInt16BE(i))
const u32be = (b: Buffer, i: number) => at(b, i, 4, () => b.readUInt32BE(i))
const u16le = (b: Buffer, i: number) => at(b, i, 2, () => b.readUInt16LE(i))
const u24le = (b: Buffer, i: number) => at(b, i, 3, () => b.readUIntLE(i, 3))
const u32le = (b: Buffer, i: number) => at(b, i, 4, () => b.readUInt32LE(i))
const ascii = (b: Buffer, i: number, n: number) => at(b, i, n, () => b.toString('latin1', i, i + n))

const png = (b: Buffer): ImageInfo => {
  if (ascii(b, 12, 4) !== 'IHDR' || u32be(b, 8) !== 13) throw new Error('no IHDR')
  const width = u32be(b, 16)
  const height = u32be(b, 20)
  let frames = 1
  let i = 8
  for (;;) {
    const len = u32be(b, i)
    const type = ascii(b, i + 4, 4)
    need(b, i + 12 + len)
    if (type === 'acTL') frames = Math.max(1, u32be(b, i + 8))
    i += 12 + len
    if (type === 'IEND') break
  }
  // Bytes after IEND are how PNG polyglots (PNG + ZIP, PNG + HTML) are made.
  if (i !== b.length) throw new Error('data after IEND')
  return { mime: 'image/png', width, height, frames }
}

const subBlocks = (b: Buffer, i: number): number => {
  for (;;) {
    need(b, i + 1)
    const n = b[i]!
    i += 1 + n
    if (n === 0) return i
  }
}

const gif = (b: Buffer): ImageInfo => {
  const width = u16le(b, 6)
  const height = u16le(b, 8)
  const packed = b[10]!
  let i = 13 + (packed & 0x80 ? 3 * 2 ** ((packed & 7) + 1) : 0)
  let frames = 0
  for (;;) {
    need(b, i + 1)
    const block = b[i]!
    if (block === 0x3b) {
      i += 1
      break
    }
    if (block === 0x21) i = subBlocks(b, i + 2)
    else if (block === 0x2c) {
      // A frame larger than the logical screen still has to be decoded at its own size.
      const fw = u16le(b, i + 5)
      const fh = u16le(b, i + 7)
      if (fw > width || fh > height) throw new Error('frame outside the screen')
      need(b, i + 10)
      const p = b[i + 9]!
      i += 10 + (p & 0x80 ? 3 * 2 ** ((p & 7) + 1) : 0)
      i = subBlocks(b, i + 1)
      frames++
    } else throw new Error('bad GIF block')
  }
  if (frames === 0) throw new Error('no frame')
  if (i !== b.length) throw new Error('data after the trailer')
  return { mime: 'image/gif', width, height, frames }
}

const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc

const jpeg = (b: Buffer): ImageInfo => {
  let i = 2
  let size: { width: number; height: number } | undefined
  for (;;) {
    need(b, i + 2)
    if (b[i] !== 0xff) throw new Error('marker expected')
    while (b[i + 1] === 0xff) i++ // fill bytes
    need(b, i + 2)
    const m = b[i + 1]!
    if (m === 0xd9) {
      i += 2
      break
    }
    if ((m >= 0xd0 && m <= 0xd7) || m === 0x01) {
      i += 2
      continue
    }
    const len = u16be(b, i + 2)
    if (len < 2) throw new Error('bad segment length')
    need(b, i + 2 + len)
    if (isSof(m) && !size) size = { height: u16be(b, i + 5), width: u16be(b, i + 7) }
    i += 2 + len
    if (m === 0xda) {
      if (!size) throw new Error('scan before frame header')
      // Entropy-coded data: 0xFF is stuffed as FF 00 and restart markers are FF D0–D7; any other
      // marker ends the scan.
      for (;;) {
        i = b.indexOf(0xff, i)
        if (i < 0) throw new Error('truncated')
        need(b, i + 2)
        const n = b[i + 1]!
        if (n !== 0x00 && !(n >= 0xd0 && n <= 0xd7)) break
        i += 2
      }
    }
  }
  if (!size) throw new Error('no frame header')
  // Phones append further JPEGs (MPF: depth maps, gain maps) after EOI; anything else there is a
  // polyglot's payload.
  const rest = b.subarray(i)
  if (rest.length && !(rest[0] === 0xff && rest[1] === 0xd8) && rest.some((x) => x !== 0)) throw new Error('data after EOI')
  return { mime: 'image/jpeg', ...size, frames: 1 }
}

const webp = (b: Buffer): ImageInfo => {
  if (u32le(b, 4) + 8 !== b.length) throw new Error('RIFF size does not match')
  let i = 12
  let size: { width: number; height: number } | undefined
  let frames = 0
  while (i < b.length) {
    const type = ascii(b, i, 4)
    const len = u32le(b, i + 4)
    const d = i + 8
    need(b, d + len)
    if (type === 'VP8X') size = { width: 1 + u24le(b, d + 4), height: 1 + u24le(b, d + 7) }
    else if (type === 'VP8 ' && !size) {
      if (u24le(b, d + 3) !== 0x2a019d) throw new Error('bad VP8 start code')
      size = { width: u16le(b, d + 6) & 0x3fff, height: u16le(b, d + 8) & 0x3fff }
    } else if (type === 'VP8L' && !size) {
      if (b[d] !== 0x2f) throw new Error('bad VP8L signature')
      const bits = u32le(b, d + 1)
      size = { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 }
    } else if (type === 'ANMF') frames++
    i = d + len + (len & 1)
  }
  if (!size) throw new Error('no image chunk')
  return { mime: 'image/webp', ...size, frames: Math.max(1, frames) }
}

// Openers of markup a browser or viewer could render as a page: a blacklist, not a guarantee (see
// the top of this file). Random compressed bytes contain one with negligible probability; XMP
// metadata contains none.
const MARKUP = ['<script', '<html', '<svg', '<iframe', '<body', '<!doctype', '<?php', '<object', '<embed', '<meta', 'javascript:']

const hasMarkup = (b: Buffer): boolean => {
  const text = b.toString('latin1').toLowerCase()
  return MARKUP.some((m) => text.includes(m))
}

const formatOf = (b: Buffer): ((b: Buffer) => ImageInfo) | undefined => {
  if (b.length < 16) return undefined
  if (b.readUInt32BE(0) === 0x89504e47 && b.readUInt32BE(4) === 0x0d0a1a0a) return png
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return jpeg
  const head = b.toString('latin1', 0, 6)
  if (head === 'GIF87a' || head === 'GIF89a') return gif
  if (head.startsWith('RIFF') && b.toString('latin1', 8, 12) === 'WEBP') return webp
  return undefined
}

/** Recognises `bytes` as one of the four formats and checks its dimensions against `limits`. */
export const sniffImage = (bytes: Buffer, limits: ImageLimits): Sniffed => {
  const parse = formatOf(bytes)
  if (!parse) return { ok: false, problem: 'type', reason: NOT_AN_IMAGE }
  let info: ImageInfo
  try {
    info = parse(bytes)
  } catch (e) {
    return { ok: false, problem: 'type', reason: `${NOT_AN_IMAGE}; this one is malformed (${(e as Error).message})` }
  }
  if (info.width < 1 || info.height < 1) return { ok: false, problem: 'type', reason: `${NOT_AN_IMAGE}; this one has no pixels` }
  if (hasMarkup(bytes)) return { ok: false, problem: 'type', reason: `${NOT_AN_IMAGE}; this one also contains markup` }
  if (info.width > limits.maxImageSidePx || info.height > limits.maxImageSidePx)
    return { ok: false, problem: 'size', reason: `An image may be at most ${limits.maxImageSidePx} pixels wide and high` }
  if (info.width * info.height * info.frames > limits.maxImagePixels)
    return { ok: false, problem: 'size', reason: `An image may have at most ${limits.maxImagePixels} pixels (all frames together)` }
  return { ok: true, info }
}
