// The widget's files as a stranger's page fetches them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'

describe('widget files', () => {
  let relay: TestRelay
  let dist: string
  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'parley-dist-'))
    mkdirSync(join(dist, 'console'))
    writeFileSync(join(dist, 'parley.js'), 'window.Parley={}')
    writeFileSync(join(dist, 'parley.mjs'), 'export const createParley=()=>{}')
    writeFileSync(join(dist, 'parley.d.ts'), 'export declare const createParley: () => void')
    writeFileSync(join(dist, 'parley-de.json'), '{"send":"Senden"}')
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

  it('answers 404 for a locale it does not have and for names that are no language tag', async () => {
    for (const url of ['/parley-fr.json', '/parley-..%2Fpackage.json', '/parley-de.x.json', '/parley-.json'])
      expect((await relay.app.inject({ url })).statusCode).toBe(404)
  })
})
