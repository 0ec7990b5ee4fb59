// The widget's files as a stranger's page fetches them, served as a CDN would: precompressed
// variants by Accept-Encoding, hashed files immutable for a year, the fixed names briefly cached
// and revalidated against a strong ETag made from the content.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pickEncoding } from '../../relay/routes/widget-files.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'

const LOADER = 'window.Parley={};'.repeat(50)
const CHUNK = 'parley-chat-ABCD1234.js'
const FORMS = 'parley-forms-EFGH5678.js'
const IMAGES = 'parley-images-IJKL9012.js'
const STORE = 'parley-store-MNOP3456.js'
const SOUND = 'parley-sound-MNOP3456.js'
const LOCALE = 'parley-de-Abcdefgh12.json'

describe('widget files', () => {
  let relay: TestRelay
  let dist: string
  const put = (name: string, text: string, compressed = true) => {
    writeFileSync(join(dist, name), text)
    if (!compressed) return
    writeFileSync(join(dist, name + '.gz'), gzipSync(text))
    writeFileSync(join(dist, name + '.br'), brotliCompressSync(text))
  }
  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'parley-dist-'))
    mkdirSync(join(dist, 'console'))
    put('parley.js', LOADER)
    put('parley.mjs', 'export const createParley=()=>{}')
    put('parley.d.ts', 'export declare const createParley: () => void', false)
    put('parley-de.json', '{"send":"Senden"}')
    put(LOCALE, '{"send":"Senden"}')
    put(CHUNK, 'export const startChat=()=>{}')
    put(FORMS, 'export const Form=()=>{}')
    put(IMAGES, 'export const prepareImage=()=>{}')
    put(STORE, 'export const createSessionStore=()=>{}')
    put(SOUND, 'export const ping=()=>{}')
    relay = await startTestRelay({ distDir: dist })
  })
  afterAll(async () => {
    await relay.close()
    rmSync(dist, { recursive: true, force: true })
  })

  it.each([
    ['/parley.js', /javascript/],
    ['/parley.mjs', /javascript/],
    ['/parley.d.ts', /text\/plain/],
    ['/parley-de.json', /json/]
  ])('serves %s to any site, readable cross-origin and cached briefly', async (url, type) => {
    const res = await relay.app.inject({ url, headers: { origin: 'https://shop.example' } })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(type)
    expect(res.headers['access-control-allow-origin']).toBe('*')
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin')
    expect(res.headers['cache-control']).toBe('public, max-age=300')
    expect(res.headers['content-security-policy']).toBeUndefined()
  })

  it.each([CHUNK, FORMS, IMAGES, STORE, SOUND, LOCALE])('serves the content-hashed %s as immutable for a year', async (name) => {
    const res = await relay.app.inject({ url: '/' + name, headers: { 'accept-encoding': 'gzip, deflate, br' } })
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(res.headers['access-control-allow-origin']).toBe('*')
  })

  it('sends brotli, gzip or the plain file, whichever the browser accepts, and says it varies by that', async () => {
    const get = (enc?: string) => relay.app.inject({ url: '/parley.js', headers: enc === undefined ? {} : { 'accept-encoding': enc } })
    const br = await get('gzip, deflate, br')
    expect(br.headers['content-encoding']).toBe('br')
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(LOADER)
    const gz = await get('gzip;q=1, br;q=0')
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gz.rawPayload).toString()).toBe(LOADER)
    const plain = await get()
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body).toBe(LOADER)
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length)
    for (const res of [br, gz, plain]) expect(res.headers.vary).toMatch(/accept-encoding/i)
    // A file built without compressed copies is sent as it is.
    expect((await relay.app.inject({ url: '/parley.d.ts', headers: { 'accept-encoding': 'br' } })).headers['content-encoding']).toBeUndefined()
  })

  it('gives the loader a strong ETag from its content: the same after a rebuild, and a 304 for a browser that has it', async () => {
    const first = await relay.app.inject({ url: '/parley.js', headers: { 'accept-encoding': 'br' } })
    const etag = first.headers.etag as string
    expect(etag).toMatch(/^"[\w-]+"$/)
    // A rebuild of the same source: new mtime, same bytes, same validator.
    put('parley.js', LOADER)
    utimesSync(join(dist, 'parley.js'), new Date(), new Date(Date.now() + 5000))
    const again = await relay.app.inject({ url: '/parley.js', headers: { 'accept-encoding': 'br' } })
    expect(again.headers.etag).toBe(etag)
    const cached = await relay.app.inject({ url: '/parley.js', headers: { 'accept-encoding': 'br', 'if-none-match': etag } })
    expect(cached.statusCode).toBe(304)
    expect(cached.rawPayload.length).toBe(0)
    // Another encoding is another representation, with its own validator.
    const plain = await relay.app.inject({ url: '/parley.js' })
    expect(plain.headers.etag).not.toBe(etag)
    // New content, new validator.
    put('parley.js', LOADER + ';')
    utimesSync(join(dist, 'parley.js'), new Date(), new Date(Date.now() + 10_000))
    expect((await relay.app.inject({ url: '/parley.js', headers: { 'accept-encoding': 'br', 'if-none-match': etag } })).statusCode).toBe(200)
  })

  it('answers 404 for a file it does not have and for names it does not serve', async () => {
    for (const url of [
      '/parley-fr.json',
      '/parley-..%2Fpackage.json',
      '/parley-de.x.json',
      '/parley-.json',
      '/parley-chat-.js',
      '/parley.js.br',
      '/parley-chat-ZZZZ9999.js',
      '/parley-forms-.js',
      '/parley-other-ABCD1234.js'
    ])
      expect((await relay.app.inject({ url })).statusCode, url).toBe(404)
  })

  it('reads Accept-Encoding as browsers and proxies write it', () => {
    const have = { '': 1, br: 1, gzip: 1 }
    expect(pickEncoding('gzip, deflate, br, zstd', have)).toBe('br')
    expect(pickEncoding('gzip', have)).toBe('gzip')
    expect(pickEncoding('br;q=0, gzip;q=0.5', have)).toBe('gzip')
    expect(pickEncoding('*', have)).toBe('br')
    expect(pickEncoding('identity', have)).toBe('')
    expect(pickEncoding(undefined, have)).toBe('')
    expect(pickEncoding('br', { '': 1, gzip: 1 })).toBe('')
  })
})

// The build's own files (npm test builds first): the .gz beside each is zopfli's (build.mjs), and
// what a browser that takes only gzip gets must be the file itself.
describe('the built widget files', () => {
  let relay: TestRelay
  beforeAll(async () => {
    relay = await startTestRelay({ distDir: 'dist' })
  })
  afterAll(async () => {
    await relay.close()
  })

  it('sends each as gzip and brotli that unpack to the file, the gzip smaller in all than gzip -9 makes it', async () => {
    const files = readdirSync('dist').filter((f) => /^parley.*\.(js|mjs|json)$/.test(f))
    expect(files.filter((f) => /^parley-(chat|forms|images|store|sound)-\w+\.js$/.test(f))).toHaveLength(5)
    let sent = 0
    let level9 = 0
    for (const file of files) {
      const raw = readFileSync(join('dist', file))
      const gz = await relay.app.inject({ url: '/' + file, headers: { 'accept-encoding': 'gzip' } })
      expect(gz.statusCode, file).toBe(200)
      expect(gz.headers['content-encoding'], file).toBe('gzip')
      expect(gunzipSync(gz.rawPayload).equals(raw), file).toBe(true)
      const br = await relay.app.inject({ url: '/' + file, headers: { 'accept-encoding': 'br' } })
      expect(brotliDecompressSync(br.rawPayload).equals(raw), file).toBe(true)
      sent += gz.rawPayload.length
      level9 += gzipSync(raw, { level: 9 }).length
    }
    expect(sent).toBeLessThan(level9)
  })
})
