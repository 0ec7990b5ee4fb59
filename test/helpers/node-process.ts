// A Node.js child process for tests and benches (a relay, the reference forwarder): its script
// bundled from TypeScript, spawned with extra environment, its stdout and stderr kept, and waited
// for until it says it is ready.
import { spawn, type ChildProcess } from 'node:child_process'
import { build } from 'esbuild'

/** Bundles `entry` (TypeScript) into the ES module `outfile` for Node 20, as build.mjs does, node packages left external. */
export const bundleForNode = async (entry: string, outfile: string): Promise<void> => {
  await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', target: ['node20'], packages: 'external', logLevel: 'error' })
}

/** A started child: the process, what it wrote so far, and its end. */
export interface NodeProcess {
  proc: ChildProcess
  /** everything the child wrote to stdout and stderr */
  output(): string
  /** resolves when the process exits */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** Runs `node <args>` with `env` added to this process's environment, keeping its output; `ipc` opens a message channel. */
export const spawnNode = (args: string[], env: Record<string, string>, o: { ipc?: boolean } = {}): NodeProcess => {
  const proc = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe', ...(o.ipc ? ['ipc' as const] : [])] })
  let out = ''
  proc.stdout!.on('data', (d) => (out += d))
  proc.stderr!.on('data', (d) => (out += d))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => proc.on('exit', (code, signal) => ok({ code, signal })))
  return { proc, output: () => out, exited }
}

/**
 * Runs `node <args>` as spawnNode does and resolves once `ready()` is true (asked every 50 ms; a
 * throw counts as not yet); rejects with the output if the child exits first. `what` names it.
 */
export const spawnUntilReady = async (
  what: string,
  args: string[],
  env: Record<string, string>,
  ready: () => Promise<boolean>,
  o: { ipc?: boolean } = {}
): Promise<NodeProcess> => {
  const child = spawnNode(args, env, o)
  let gone = false
  void child.exited.then(() => (gone = true))
  for (;;) {
    if (gone) throw new Error(`${what} exited before it was ready:\n${child.output()}`)
    if (await ready().catch(() => false)) return child
    await new Promise((r) => setTimeout(r, 50))
  }
}
