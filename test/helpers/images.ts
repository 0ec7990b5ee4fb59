// Image files built byte by byte for upload tests: valid ones of each format, decompression bombs
// (small files declaring huge dimensions) and polyglots. Only the structure the relay reads is
// real; the pixel data of JPEG and WebP is filler (the relay never decodes).
import { crc32, deflateSync } from 'node:zlib'

const u32be = (n: number) => {
  const b = Buffer.alloc(4)
  b.writeUInt32BE(n >>> 0)
  return b
}
const u16le = (n: number) => {
  const b = Buffer.alloc(2)
  b.writeUInt16LE(n)
  return b
}

const chunk = (type: string, data: Buffer) => {
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data])
  return Buffer.concat([u32be(data.length), td, u32be(crc32(td))])
}

/** A real PNG (RGBA, decodable). `frames` > 1 adds an acTL chunk (APNG) declaring that many frames. */
export const png = (width: number, height: number, opts: { frames?: number; text?: string; after?: string } = {}): Buffer => {
  const ihdr = Buffer.concat([u32be(width), u32be(height), Buffer.from([8, 6, 0, 0, 0])])
  // Rows are only materialised for small images; bombs carry a token IDAT.
  const raw = width * height <= 1_000_000 ? Buffer.alloc((width * 4 + 1) * height, 0x7f) : Buffer.alloc(16)
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr)]
  if (opts.frames) parts.push(chunk('acTL', Buffer.concat([u32be(opts.frames), u32be(0)])))
  if (opts.text) parts.push(chunk('tEXt', Buffer.from('Comment\0' + opts.text, 'latin1')))
  parts.push(chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0)))
  if (opts.after) parts.push(Buffer.from(opts.after, 'latin1'))
  return Buffer.concat(parts)
}

/** A real 2-colour GIF89a of `width`×`height` with one frame (LZW data of a single pixel; viewers pad). */
export const gif = (width: number, height: number, opts: { after?: string } = {}): Buffer =>
  Buffer.concat([
    Buffer.from('GIF89a', 'latin1'),
    u16le(width),
    u16le(height),
    Buffer.from([0x80, 0, 0]), // global colour table of 2
    Buffer.from([0, 0, 0, 0xff, 0xff, 0xff]),
    Buffer.from([0x2c]),
    u16le(0),
    u16le(0),
    u16le(width),
    u16le(height),
    Buffer.from([0]),
    Buffer.from([2, 2, 0x44, 0x01, 0]), // LZW minimum code size, one sub-block, terminator
    Buffer.from([0x3b]),
    Buffer.from(opts.after ?? '', 'latin1')
  ])

/** A JPEG's structure: SOI, APP0, SOF0 with the dimensions, SOS with filler scan data, EOI. */
export const jpeg = (width: number, height: number, opts: { after?: Buffer | string } = {}): Buffer => {
  const seg = (marker: number, data: Buffer) =>
    Buffer.concat([Buffer.from([0xff, marker]), Buffer.from([(data.length + 2) >> 8, (data.length + 2) & 0xff]), data])
  const sof = Buffer.from([8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0])
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    seg(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    seg(0xc0, sof),
    seg(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])),
    // Scan data with a stuffed 0xFF (FF 00) and a restart marker, as real encoders write.
    Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd0, 0x78]),
    Buffer.from([0xff, 0xd9]),
    typeof opts.after === 'string' ? Buffer.from(opts.after, 'latin1') : (opts.after ?? Buffer.alloc(0))
  ])
}

/** A lossless WebP's structure (RIFF, WEBP, VP8L header with the dimensions, filler bits). */
export const webp = (width: number, height: number): Buffer => {
  const bits = Buffer.alloc(4)
  bits.writeUInt32LE(((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14))
  const vp8l = Buffer.concat([Buffer.from([0x2f]), bits, Buffer.alloc(5)])
  const body = Buffer.concat([Buffer.from('WEBP', 'latin1'), Buffer.from('VP8L', 'latin1'), u32le(vp8l.length), vp8l])
  return Buffer.concat([Buffer.from('RIFF', 'latin1'), u32le(body.length), body])
}

/** An animated WebP: VP8X canvas and `frames` ANMF chunks. */
export const animatedWebp = (width: number, height: number, frames: number): Buffer => {
  const vp8x = Buffer.concat([Buffer.from([0x12, 0, 0, 0]), u24le(width - 1), u24le(height - 1)])
  const anmf = Buffer.concat([u24le(0), u24le(0), u24le(width - 1), u24le(height - 1), Buffer.from([0x64, 0, 0, 0])])
  const chunks = [riff('VP8X', vp8x), ...Array.from({ length: frames }, () => riff('ANMF', anmf))]
  const body = Buffer.concat([Buffer.from('WEBP', 'latin1'), ...chunks])
  return Buffer.concat([Buffer.from('RIFF', 'latin1'), u32le(body.length), body])
}

function u32le(n: number) {
  const b = Buffer.alloc(4)
  b.writeUInt32LE(n)
  return b
}
function u24le(n: number) {
  const b = Buffer.alloc(3)
  b.writeUIntLE(n, 0, 3)
  return b
}
function riff(type: string, data: Buffer) {
  return Buffer.concat([Buffer.from(type, 'latin1'), u32le(data.length), data, data.length & 1 ? Buffer.alloc(1) : Buffer.alloc(0)])
}

/** An SVG with a script: an image to a browser, a page to anyone who opens it. */
export const svg = (): Buffer => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script></svg>')

/** An HTML page. */
export const html = (): Buffer => Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>')

/**
 * A GIF that is also a JavaScript program calling `alert(1)`: the header's bytes read as
 * `GIF89a= 1\n;/*` (a 8253×2609 screen), the binary part sits in a JS comment, and a GIF comment
 * extension closes it and holds the script.
 */
export const gifJsPolyglot = (): Buffer =>
  Buffer.concat([
    Buffer.from('GIF89a= 1\n;/*', 'latin1'), // width '= ' (8253), height '1\n' (2609), no colour table, '/*'
    Buffer.from([0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0]), // a 1×1 frame at 0,0
    Buffer.from([0x02, 0x02, 0x44, 0x01, 0x00]), // its LZW data
    Buffer.from([0x21, 0xfe, 13]), // a comment extension with one 13-byte sub-block:
    Buffer.from('*/alert(1)// ', 'latin1'),
    Buffer.from([0x00, 0x3b]) // end of sub-blocks, trailer
  ])
