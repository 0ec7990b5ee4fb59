// The two servers `npm run bench:relay` compares, each as its own process on 127.0.0.1: the relay
// as a user starts it (`parley start`, relay/cli.ts bundled on the fly) and the reference
// forwarder (bench/ref-forwarder.ts). Both run with a small memory probe preloaded (`--require`):
// on an IPC message it collects garbage twice and answers process.memoryUsage(), or writes a heap
// snapshot. It adds no timers or sockets, and unrefs its channel so it never keeps a process alive.
import type { ChildProcess } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { bundleCli, freePort } from '../test/helpers/child-relay.js'
import { bundleForNode, spawnUntilReady } from '../test/helpers/node-process.js'

/** Heap and resident memory of a server process after a full GC, bytes. */
export interface Memory {
  rss: number
  heapUsed: number
}

/** A server under test. */
export interface Server {
  name: 'relay' | 'reference'
  url: string
  wsUrl: string
  pid: number
  /** Memory after two full GCs (the probe); rss read from /proc. */
  memory(): Promise<Memory>
  /** CPU time used since the last call, and the event-loop delay meanwhile (BENCH_LOOP_DELAY=1, else undefined), ms. */
  loopDelay(): Promise<{ cpuMs: number; delay?: { p50: number; p99: number; max: number } }>
  /** Writes a heap snapshot to `file` (for finding what a socket retains). */
  heapSnapshot(file: string): Promise<void>
  output(): string
  stop(): Promise<void>
}

const CACHE = join(process.cwd(), 'node_modules', '.cache', 'parley-bench')

const PROBE = `
const v8 = require('node:v8')
// BENCH_LOOP_DELAY=1: an event-loop delay histogram (a 1 ms libuv timer: off by default).
const loop = process.env.BENCH_LOOP_DELAY === '1' ? require('node:perf_hooks').monitorEventLoopDelay({ resolution: 1 }) : undefined
if (loop) loop.enable()
let lastCpu = process.cpuUsage()
process.on('message', (m) => {
  if (m && m.probe === 'memory') {
    global.gc(); global.gc()
    const u = process.memoryUsage()
    process.send({ probe: 'memory', rss: u.rss, heapUsed: u.heapUsed })
  } else if (m && m.probe === 'loop') {
    const h = loop
    const cpu = process.cpuUsage(lastCpu)
    lastCpu = process.cpuUsage()
    const used = { cpuMs: (cpu.user + cpu.system) / 1000 }
    process.send(h ? { probe: 'loop', ...used, p50: h.percentile(50) / 1e6, p99: h.percentile(99) / 1e6, max: h.max / 1e6 } : { probe: 'loop', ...used })
    if (h) h.reset()
  } else if (m && m.probe === 'snapshot') {
    global.gc()
    v8.writeHeapSnapshot(m.file)
    process.send({ probe: 'snapshot' })
  }
})
if (process.channel) process.channel.unref()
`

const probeFile = (): string => {
  mkdirSync(CACHE, { recursive: true })
  const file = join(CACHE, 'memory-probe.cjs')
  writeFileSync(file, PROBE)
  return file
}

let referenceBundle: Promise<string> | undefined
const bundleReference = (): Promise<string> =>
  (referenceBundle ??= (async () => {
    const outfile = join(CACHE, 'ref-forwarder.mjs')
    await bundleForNode(join(process.cwd(), 'bench', 'ref-forwarder.ts'), outfile)
    return outfile
  })())

/** Resident set of a process from /proc, bytes. */
export const rssOf = (pid: number): number => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) * 1024
}

const ask = <T>(proc: ChildProcess, message: object, kind: string): Promise<T> =>
  new Promise((ok, fail) => {
    const onMessage = (m: { probe?: string }) => {
      if (m?.probe !== kind) return
      proc.off('message', onMessage)
      ok(m as T)
    }
    proc.on('message', onMessage)
    proc.send(message, (err) => err && fail(err))
  })

const launch = async (
  name: Server['name'],
  args: string[],
  env: Record<string, string>,
  port: number,
  ready: () => Promise<boolean>,
  nodeArgs: readonly string[] = []
): Promise<Server> => {
  const { proc, output, exited } = await spawnUntilReady(name, ['--expose-gc', '--require', probeFile(), ...nodeArgs, ...args], env, ready, { ipc: true })
  let gone = false
  void exited.then(() => (gone = true))
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    pid: proc.pid!,
    async memory() {
      const m = await ask<Memory>(proc, { probe: 'memory' }, 'memory')
      return { rss: rssOf(proc.pid!), heapUsed: m.heapUsed }
    },
    async loopDelay() {
      const m = await ask<{ cpuMs: number; p50?: number; p99: number; max: number }>(proc, { probe: 'loop' }, 'loop')
      return { cpuMs: m.cpuMs, ...(m.p50 === undefined ? {} : { delay: { p50: m.p50, p99: m.p99, max: m.max } }) }
    },
    async heapSnapshot(file) {
      await ask(proc, { probe: 'snapshot', file }, 'snapshot')
    },
    output,
    async stop() {
      if (!gone) {
        proc.kill('SIGTERM')
        const killer = setTimeout(() => proc.kill('SIGKILL'), 10_000)
        await exited
        clearTimeout(killer)
      }
      // BENCH_SERVER_LOG_DIR: keep what each server printed (say, with --trace-gc in BENCH_RELAY_NODE_ARGS).
      const logs = process.env.BENCH_SERVER_LOG_DIR
      if (logs) writeFileSync(join(logs, `${name}-${proc.pid}.log`), output())
    }
  }
}

/** Starts `parley start` on a free loopback port with `env` (PARLEY_DATA_DIR and limits) and extra `nodeArgs` (a profiler, say). */
export const startRelay = async (env: Record<string, string>, nodeArgs: readonly string[] = []): Promise<Server> => {
  const cli = await bundleCli()
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  return launch(
    'relay',
    [cli, 'start'],
    { HOST: '127.0.0.1', PORT: String(port), PARLEY_LOG_LEVEL: 'warn', ...env },
    port,
    async () => (await fetch(url + '/healthz')).ok,
    nodeArgs
  )
}

/** Starts the reference forwarder on a free loopback port, writing to `dbFile`. */
export const startReference = async (dbFile: string): Promise<Server> => {
  const script = await bundleReference()
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  return launch('reference', [script, String(port), dbFile], {}, port, async () => (await fetch(url + '/healthz')).ok)
}
