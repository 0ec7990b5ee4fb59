// The relay as a separate process, for what cannot happen in-process: SIGKILL, SIGTERM, a CLI
// command. relay/cli.ts is bundled on the fly with esbuild (the same options as build.mjs, node
// packages left external) into node_modules/.cache, so the child runs exactly the relay source
// under test; the widget and console it serves are the built ones in dist/ (`npm run build`).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bundleForNode, spawnNode, spawnUntilReady, type NodeProcess } from './node-process.js'

// The package root, found upwards from this file (also when bundled into node_modules/.cache by the bench).
const findRoot = (from: string): string => {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const pkg = join(dir, 'package.json')
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'parley') return dir
  }
  throw new Error('package root of parley not found')
}
const ROOT = findRoot(dirname(fileURLToPath(import.meta.url)))

/** Bundles relay/cli.ts and resolves with the path of the .mjs file (one per calling process). */
let bundled: Promise<string> | undefined
export const bundleCli = (): Promise<string> =>
  (bundled ??= (async () => {
    const cache = join(ROOT, 'node_modules', '.cache', 'parley-test')
    // Test workers are often killed rather than left to exit: sweep bundles older than an hour.
    if (existsSync(cache))
      for (const old of readdirSync(cache))
        if (Date.now() - statSync(join(cache, old)).mtimeMs > 3600_000) rmSync(join(cache, old), { recursive: true, force: true })
    const dir = join(cache, `${process.pid}-${Date.now()}`)
    mkdirSync(join(dir, 'dist'), { recursive: true })
    // Where the built one sits (dist/relay/cli.mjs), beside links to the built widget and console
    // and to the demo shop: the child finds them from its own path and serves them as `parley start` does.
    const outfile = join(dir, 'dist', 'relay', 'cli.mjs')
    const dist = join(ROOT, 'dist')
    if (existsSync(dist)) for (const entry of readdirSync(dist)) if (entry !== 'relay') symlinkSync(join(dist, entry), join(dir, 'dist', entry))
    symlinkSync(join(ROOT, 'demo-site'), join(dir, 'demo-site'))
    await bundleForNode(join(ROOT, 'relay', 'cli.ts'), outfile)
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
    return outfile
  })())

/** A free TCP port on 127.0.0.1 (the child listens on it; it stays the same across restarts). */
export const freePort = (): Promise<number> =>
  new Promise((ok, fail) => {
    const s = createServer()
    s.once('error', fail)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => ok(port))
    })
  })

/** A relay child process. */
export interface ChildRelay extends NodeProcess {
  url: string
  wsUrl: string
}

/** Runs `parley <args>` (bundled) with `env` added to the environment; resolves with its exit and output. */
export const runCli = async (args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> => {
  const child = spawnNode([await bundleCli(), ...args], env)
  const { code } = await child.exited
  return { code, out: child.output() }
}

/** Starts `parley start` on 127.0.0.1:`port` with `env`, and resolves once /healthz answers. */
export const startChildRelay = async (port: number, env: Record<string, string>): Promise<ChildRelay> => {
  const url = `http://127.0.0.1:${port}`
  const child = await spawnUntilReady(
    'relay',
    [await bundleCli(), 'start'],
    { HOST: '127.0.0.1', PORT: String(port), PARLEY_LOG_LEVEL: 'warn', ...env },
    async () => (await fetch(url + '/healthz')).ok
  )
  return { ...child, url, wsUrl: `ws://127.0.0.1:${port}` }
}
