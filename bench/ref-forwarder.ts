// The reference forwarder of `npm run bench:relay`: what a chat relay costs when written directly
// on `ws` + better-sqlite3, with no framework, validation, limits, auth or read model. It speaks
// the subset of Parley's protocol the benchmark uses (customer hello/start/send/ping, agent
// hello/accept/ping) and keeps Parley's durability promise: everything that arrived in one
// event-loop turn is written in ONE transaction (WAL, synchronous=NORMAL, like the relay), and
// acks and forwards go out only after that commit. Run as its own process:
//
//   node ref-forwarder.mjs <port> <sqlite file>      prints "listening" once it accepts sockets
import { createServer } from 'node:http'
import Database from 'better-sqlite3'
import { WebSocketServer, type WebSocket } from 'ws'

const port = Number(process.argv[2])
const file = process.argv[3]
if (!port || !file) throw new Error('usage: ref-forwarder <port> <sqlite file>')

const db = new Database(file)
db.pragma('journal_mode = WAL')
db.pragma('synchronous = NORMAL')
db.exec(`
  CREATE TABLE IF NOT EXISTS chats (id TEXT PRIMARY KEY, last_seq INTEGER NOT NULL, agent TEXT, created_at INTEGER NOT NULL) STRICT;
  CREATE TABLE IF NOT EXISTS messages (
    chat_id TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL, author TEXT NOT NULL, parts TEXT NOT NULL, at INTEGER NOT NULL,
    PRIMARY KEY (chat_id, seq), UNIQUE (chat_id, id)
  ) STRICT, WITHOUT ROWID;
`)
const q = {
  insertChat: db.prepare('INSERT INTO chats (id, last_seq, agent, created_at) VALUES (?, 0, NULL, ?)'),
  assign: db.prepare('UPDATE chats SET agent = ? WHERE id = ?'),
  bumpSeq: db.prepare('UPDATE chats SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq'),
  insertMessage: db.prepare('INSERT INTO messages (chat_id, seq, id, author, parts, at) VALUES (?, ?, ?, ?, ?, ?)')
}

/** A write waiting for the turn's commit, and what to do once it is committed. */
type Pending = { write: () => void; after: () => void }
let pending: Pending[] = []
const commitTurn = db.transaction((ops: Pending[]) => {
  for (const op of ops) op.write()
})
const flush = () => {
  const ops = pending
  pending = []
  commitTurn(ops)
  for (const op of ops) op.after()
}
/** Queues a write into this turn's transaction; `after` runs once it is committed. */
const write = (op: Pending) => {
  if (pending.length === 0) setImmediate(flush)
  pending.push(op)
}

type Chat = { id: string; agent: WebSocket | undefined; customer: WebSocket }
const chats = new Map<string, Chat>()
let nextChat = 0
const send = (ws: WebSocket, frame: object) => {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame))
}
const text = (parts: unknown) => JSON.stringify(parts)

const appendMessage = (chat: Chat, id: string, parts: unknown, from: 'customer' | 'agent', done: (m: object) => void) => {
  const at = Date.now()
  let seq = 0
  write({
    write: () => {
      seq = (q.bumpSeq.get(chat.id) as { last_seq: number }).last_seq
      q.insertMessage.run(chat.id, seq, id, from, text(parts), at)
    },
    after: () => done({ id, chatId: chat.id, seq, from, parts, at })
  })
}

const onCustomer = (ws: WebSocket) => {
  // The only per-socket state: the customer's chat.
  let chat: Chat | undefined
  ws.on('message', (data) => {
    let f: { type?: unknown; id?: unknown; parts?: unknown }
    try {
      f = JSON.parse(String(data))
    } catch {
      return ws.close(4002, 'bad frame')
    }
    switch (f.type) {
      case 'hello':
        return send(ws, { type: 'welcome', v: 1, available: true, chat: null, messages: [] })
      case 'start': {
        if (chat || typeof f.id !== 'string') return
        const c: Chat = { id: `c${++nextChat}`, agent: undefined, customer: ws }
        const id = f.id
        chats.set(c.id, (chat = c))
        write({ write: () => q.insertChat.run(c.id, Date.now()), after: () => {} })
        return appendMessage(c, id, f.parts, 'customer', (m) => {
          send(ws, { type: 'started', token: c.id, chat: { id: c.id, status: 'waiting' } })
          send(ws, { type: 'ack', id, seq: (m as { seq: number }).seq, at: (m as { at: number }).at })
        })
      }
      case 'send': {
        if (!chat || typeof f.id !== 'string') return
        const c = chat
        const id = f.id
        return appendMessage(c, id, f.parts, 'customer', (m) => {
          send(ws, { type: 'ack', id, seq: (m as { seq: number }).seq, at: (m as { at: number }).at })
          if (c.agent) send(c.agent, { type: 'message', message: m })
        })
      }
      case 'ping':
        return send(ws, { type: 'pong' })
    }
  })
  ws.on('close', () => {
    if (chat) chats.delete(chat.id)
  })
}

const onAgent = (ws: WebSocket) => {
  ws.on('message', (data) => {
    let f: { type?: unknown; chatId?: unknown }
    try {
      f = JSON.parse(String(data))
    } catch {
      return ws.close(4002, 'bad frame')
    }
    switch (f.type) {
      case 'hello':
        return send(ws, { type: 'welcome', v: 1, me: { id: 'agent', on: true }, panel: { waiting: [], agents: [] }, mine: [] })
      case 'accept': {
        const c = typeof f.chatId === 'string' ? chats.get(f.chatId) : undefined
        if (!c) return send(ws, { type: 'error', code: 'not_found', message: 'no such chat', ref: f.chatId })
        return write({
          write: () => q.assign.run('agent', c.id),
          after: () => {
            c.agent = ws
            send(ws, { type: 'history', chatId: c.id, messages: [] })
          }
        })
      }
      case 'ping':
        return send(ws, { type: 'pong' })
    }
  })
}

const server = createServer((req, res) => {
  res.writeHead(req.url === '/healthz' ? 200 : 404).end()
})
const wss = new WebSocketServer({ noServer: true, maxPayload: 65536 })
server.on('upgrade', (req, socket, head) => {
  const path = req.url?.split('?')[0]
  if (path !== '/ws/customer' && path !== '/ws/agent') return socket.destroy()
  wss.handleUpgrade(req, socket, head, (ws) => (path === '/ws/customer' ? onCustomer(ws) : onAgent(ws)))
})
server.listen(port, '127.0.0.1', () => console.log('listening'))
process.on('SIGTERM', () => {
  for (const ws of wss.clients) ws.terminate()
  server.close()
  db.close()
  process.exit(0)
})
