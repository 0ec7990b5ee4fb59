// What one idle socket keeps alive in the relay, from two heap snapshots (written by
// `BENCH_HEAP_SNAPSHOTS=<dir> BENCH_ONLY=idle npm run bench:relay`, before and after the sockets
// opened): the objects by kind and constructor that grew, per socket, largest first, and for the
// names given with --why, one chain of retainers from a new instance up to a GC root (or, for a
// "type:name" of the census, what holds those objects, by size).
//
//   node relay-heap.mjs <before.heapsnapshot> <after.heapsnapshot> <sockets> [--why Name,type:name,…]
import { readFileSync } from 'node:fs'

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } }
  nodes: number[]
  edges: number[]
  strings: string[]
}

const load = (file: string): Snapshot => JSON.parse(readFileSync(file, 'utf8')) as Snapshot

/** Self size and count by "type:name" (closures, arrays and strings grouped by kind). */
const census = (s: Snapshot): Map<string, { size: number; count: number }> => {
  const { node_fields, node_types } = s.snapshot.meta
  const width = node_fields.length
  const fType = node_fields.indexOf('type')
  const fName = node_fields.indexOf('name')
  const fSize = node_fields.indexOf('self_size')
  const types = node_types[0]
  const out = new Map<string, { size: number; count: number }>()
  for (let i = 0; i < s.nodes.length; i += width) {
    const type = types[s.nodes[i + fType]!]!
    const name =
      type === 'object' || type === 'native' ? s.strings[s.nodes[i + fName]!]! : type === 'closure' ? `closure ${s.strings[s.nodes[i + fName]!]}` : type
    const key = `${type}:${name}`
    const e = out.get(key) ?? { size: 0, count: 0 }
    e.size += s.nodes[i + fSize]!
    e.count++
    out.set(key, e)
  }
  return out
}

/** Nodes and their strong retainers, for following what keeps an object alive. */
const graph = (s: Snapshot) => {
  const { node_fields, node_types, edge_fields, edge_types } = s.snapshot.meta
  const width = node_fields.length
  const fType = node_fields.indexOf('type')
  const fName = node_fields.indexOf('name')
  const fSize = node_fields.indexOf('self_size')
  const fEdges = node_fields.indexOf('edge_count')
  const eWidth = edge_fields.length
  const eType = edge_fields.indexOf('type')
  const eName = edge_fields.indexOf('name_or_index')
  const eTo = edge_fields.indexOf('to_node')
  const types = node_types[0]
  const etypes = edge_types[0]
  const count = s.nodes.length / width
  const retainers: { from: number; label: string }[][] = Array.from({ length: count }, () => [])
  let e = 0
  for (let n = 0; n < count; n++) {
    const edges = s.nodes[n * width + fEdges]!
    for (let k = 0; k < edges; k++, e += eWidth) {
      const t = etypes[s.edges[e + eType]!]!
      if (t === 'weak') continue
      const label = t === 'element' || t === 'hidden' ? `[${s.edges[e + eName]}]` : s.strings[s.edges[e + eName]!]!
      retainers[s.edges[e + eTo]! / width]!.push({ from: n, label: `${t}:${label}` })
    }
  }
  const type = (n: number) => types[s.nodes[n * width + fType]!]!
  const name = (n: number) => s.strings[s.nodes[n * width + fName]!]!
  return { count, retainers, type, name, size: (n: number) => s.nodes[n * width + fSize]!, describe: (n: number) => `${type(n)} ${name(n)}` }
}
type Graph = ReturnType<typeof graph>

/** One retainer chain of the newest object called `name`, up to the root: the shortest one. */
const why = (g: Graph, name: string): string[] => {
  let start = -1
  for (let n = g.count - 1; n >= 0; n--)
    if (g.name(n) === name && g.type(n) === 'object') {
      start = n
      break
    }
  if (start < 0) return [`no ${name}`]
  const prev = new Map<number, { to: number; label: string }>([[start, { to: -1, label: '' }]])
  const queue = [start]
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i]!
    if (n === 0) break
    for (const r of g.retainers[n]!) {
      if (prev.has(r.from)) continue
      prev.set(r.from, { to: n, label: r.label })
      queue.push(r.from)
    }
  }
  const chain: string[] = []
  let at = prev.has(0) ? 0 : -1
  while (at >= 0 && at !== start) {
    const p = prev.get(at)!
    chain.push(`${g.describe(at)} --${p.label}-->`)
    at = p.to
  }
  chain.push(g.describe(start))
  return chain
}

/** Who holds the nodes of kind `key` ("type:name" as in the census): their retainers and edges, by size. */
const holders = (g: Graph, key: string): string[] => {
  const tally = new Map<string, number>()
  for (let n = 0; n < g.count; n++) {
    const t = g.type(n)
    const k = t === 'object' || t === 'native' ? `${t}:${g.name(n)}` : t === 'closure' ? `closure:closure ${g.name(n)}` : `${t}:${t}`
    if (k !== key) continue
    const r = g.retainers[n]![0]
    const h = r ? `${g.describe(r.from)} --${r.label}` : '(none)'
    tally.set(h, (tally.get(h) ?? 0) + g.size(n))
  }
  return [...tally]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)
    .map(([h, size]) => `${String(size).padStart(10)} B  ${h}`)
}

const [beforeFile, afterFile, socketsArg, flag, names] = process.argv.slice(2)
if (!beforeFile || !afterFile || !socketsArg) throw new Error('usage: relay-heap <before> <after> <sockets> [--why Name,Name]')
const sockets = Number(socketsArg)
const before = census(load(beforeFile))
const afterSnap = load(afterFile)
const after = census(afterSnap)
const rows = [...after]
  .map(([k, a]) => ({ k, size: (a.size - (before.get(k)?.size ?? 0)) / sockets, count: (a.count - (before.get(k)?.count ?? 0)) / sockets }))
  .filter((r) => r.size > 8)
  .sort((a, b) => b.size - a.size)
const total = rows.reduce((s, r) => s + r.size, 0)
console.log(`grown per socket: ${total.toFixed(0)} B (rows over 8 B)`)
for (const r of rows.slice(0, 45)) console.log(`${r.size.toFixed(0).padStart(7)} B  ${r.count.toFixed(2).padStart(6)}×  ${r.k}`)
if (flag === '--why' && names) {
  const g = graph(afterSnap)
  for (const n of names.split(','))
    console.log(n.includes(':') ? `\nwho holds ${n}:\n  ` + holders(g, n).join('\n  ') : `\nwhy ${n} is alive:\n  ` + why(g, n).join('\n  '))
}
