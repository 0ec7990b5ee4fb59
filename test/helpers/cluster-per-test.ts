// A test cluster per test, for one describe block of cluster tests: `start()` makes this test's
// nodes (test/helpers/cluster.ts), `privateRedis()` a redis-server of its own for a fault test, and
// sockets and clients opened through it are closed after the test. After each test what `defer`
// was given is closed in order, the nodes are killed, their schema and keys dropped and the private
// Redis killed, so a failing test leaves nothing running for the next.
import { afterEach } from 'vitest'
import { PROTOCOL_VERSION } from '../../protocol/index.js'
import { startCluster, type TestCluster } from './cluster.js'
import { startPrivateRedis, type PrivateRedis } from './redis.js'
import { ResilientAgent, ResilientCustomer } from './resilient-clients.js'
import { connectClient, type TestClient } from './ws-client.js'

/** What a describe block of cluster tests works with (see clusterPerTest). */
export interface ClusterPerTest {
  /** Starts this test's cluster of `n` nodes (startCluster's options). */
  start(n: number, o?: Parameters<typeof startCluster>[1]): Promise<TestCluster>
  /** This test's cluster; throws before `start()`. */
  readonly cluster: TestCluster
  /** Starts a redis-server of this test's own (to kill and restart); killed after the test. */
  privateRedis(): Promise<PrivateRedis>
  /** Runs `close` after the test, before the nodes stop. */
  defer(close: () => unknown): void
  /** A socket on node `i` at `path` with `hello` sent (its fields added to the protocol version); closed after the test. */
  socket(i: number, path: '/ws/agent' | '/ws/customer', o?: { cookie?: string; hello?: object }): Promise<TestClient>
  /**
   * A conversation's two ends across nodes, both started and stopped after the test: an agent
   * (switched on) on node `agentNode` and a customer taking turns over `customerNodes`, resolved
   * once the customer is welcomed and told someone is available.
   */
  agentAndCustomer(agentNode: number, customerNodes: number[]): Promise<{ agent: ResilientAgent; customer: ResilientCustomer }>
}

/**
 * Registers the afterEach that cleans up, and returns the verbs; call it in the describe block.
 * `logOnFailure` prints the end of every node's output when a test fails.
 */
export const clusterPerTest = (o: { logOnFailure?: boolean } = {}): ClusterPerTest => {
  let current: TestCluster | undefined
  let redis: PrivateRedis | undefined
  const closers: (() => unknown)[] = []
  afterEach(async (ctx) => {
    // What the nodes logged explains a failure (warnings and errors only).
    if (o.logOnFailure && ctx.task.result?.state === 'fail') for (const n of current?.nodes ?? []) if (n) console.log(n.output().slice(-5000))
    for (const c of closers.splice(0)) await c()
    await current?.stop()
    await redis?.kill()
    current = redis = undefined
  })
  const t: ClusterPerTest = {
    async start(n, options) {
      current = await startCluster(n, options)
      return current
    },
    get cluster() {
      if (!current) throw new Error('no cluster: call start() first')
      return current
    },
    async privateRedis() {
      redis = await startPrivateRedis()
      return redis
    },
    defer: (close) => void closers.push(close),
    async socket(i, path, { cookie, hello } = {}) {
      const c = await connectClient(t.cluster.node(i).wsUrl + path, cookie ? { cookie } : {})
      closers.push(() => c.close())
      c.send({ type: 'hello', v: PROTOCOL_VERSION, ...hello })
      return c
    },
    async agentAndCustomer(agentNode, customerNodes) {
      const urls = customerNodes.map((i) => t.cluster.node(i).wsUrl)
      const agent = new ResilientAgent({ wsUrl: t.cluster.node(agentNode).wsUrl, cookie: await t.cluster.login(agentNode) }, true)
      const customer = new ResilientCustomer({ wsUrl: urls[0]!, ...(urls.length > 1 ? { wsUrls: urls } : {}) })
      closers.push(
        () => agent.stop(),
        () => customer.stop()
      )
      agent.start()
      customer.start()
      await customer.until(() => customer.ready && customer.available, 15_000, `availability from node ${agentNode}`)
      return { agent, customer }
    }
  }
  return t
}
