// The nginx configuration in the README ("Run several nodes") is the one the load-balancer tests
// run: both come from siteConfig() in test/helpers/nginx.ts. Rendered with the README's example
// addresses, it must equal the README's block, and Debian's nginx must accept it (`nginx -t`).
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { freePort } from '../helpers/child-relay.js'
import { mainConfig, NGINX, siteConfig, skipWithoutNginx } from '../helpers/nginx.js'

/** The example the README shows: two nodes on a private network, nginx on port 80. */
const README_SITE = { listen: '80', nodes: ['10.0.0.11:8080', '10.0.0.12:8080'] }

const readmeBlock = (): string => {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('\n## Run several nodes'))
  const m = /```nginx\n([\s\S]*?)```/.exec(section)
  if (!m) throw new Error('README "Run several nodes" has no ```nginx block')
  return m[1]!
}

describe('the README nginx configuration', () => {
  it('is the configuration the load-balancer tests run', () => {
    expect(readmeBlock(), 'paste siteConfig(README_SITE) from test/helpers/nginx.ts into the README').toBe(siteConfig(README_SITE))
  })

  it.skipIf(skipWithoutNginx('README nginx configuration'))('passes nginx -t', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-nginx-t-'))
    try {
      for (const d of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, d))
      // `nginx -t` binds what it listens on: a free port rather than 80 (root's, maybe taken).
      writeFileSync(join(dir, 'nginx.conf'), mainConfig(dir, { ...README_SITE, listen: `127.0.0.1:${await freePort()}` }))
      const r = spawnSync(NGINX, ['-t', '-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { encoding: 'utf8' })
      expect(r.stderr).toContain('test is successful')
      expect(r.status).toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
