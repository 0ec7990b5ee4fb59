// A start resent through another node while the first node still works on it (the customer's
// socket dropped, the answer lost) must find the chat the first one makes: one visitor, one chat.
import { describe, expect, it } from 'vitest'
import { randomId } from '../../protocol/index.js'
import { skipWithoutCluster } from '../helpers/cluster.js'
import { clusterPerTest } from '../helpers/cluster-per-test.js'
import type { TestClient } from '../helpers/ws-client.js'

const skip = await skipWithoutCluster('a start resent through another node')

describe.skipIf(skip)('a start resent through another node', () => {
  const nodes = clusterPerTest()

  it('makes one chat when the same start arrives on two nodes at once', { timeout: 180_000 }, async () => {
    const cluster = await nodes.start(2)
    const agent = await nodes.socket(1, '/ws/agent', { cookie: await cluster.login(1) })
    if (!(await agent.next('welcome')).me.on) agent.send({ type: 'status', on: true })
    const doubled: string[] = []
    for (let round = 0; round < 20; round++) {
      const token = randomId(24)
      const id = randomId()
      const sockets: TestClient[] = []
      for (const i of [0, 1]) {
        const c = await nodes.socket(i, '/ws/customer', { hello: { token } })
        if (!(await c.next('welcome')).available) await c.next('availability', (f) => f.available === true, 15_000)
        sockets.push(c)
      }
      for (const c of sockets) c.send({ type: 'start', id, parts: [{ type: 'text', text: `round ${round}` }] })
      const answers = await Promise.all(sockets.map((c) => Promise.race([c.next('ack', undefined, 30_000), c.next('error', undefined, 30_000)])))
      const chats = await Promise.all(
        sockets.map((c) =>
          c.next('started', undefined, 1).then(
            (f) => f.chat.id as string,
            () => undefined
          )
        )
      )
      if (new Set(chats.filter(Boolean)).size > 1) doubled.push(`round ${round}: ${JSON.stringify(answers)} chats ${chats.join(' ')}`)
    }
    expect(doubled).toEqual([])
  })
})
