import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMailer } from '../../relay/mail/mailer.js'

// A real SMTP server on loopback that keeps what arrives.
const received: { from: string; to: string[]; data: string }[] = []
let server: SMTPServer
let port = 0

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      let data = ''
      stream.setEncoding('utf8')
      stream.on('data', (c: string) => (data += c))
      stream.on('end', () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), data })
        done()
      })
    }
  })
  server.listen(0, '127.0.0.1')
  await once(server.server, 'listening')
  port = (server.server.address() as AddressInfo).port
})

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

describe('mailer', () => {
  it('delivers a plain-text mail through a real SMTP server, with the configured From', async () => {
    const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}?tls=off`, from: 'Shop support <support@shop.test>' })
    await mailer.send({ to: 'ada@example.com', subject: 'Your chat with Shop', text: 'Hello Ada\nÜbersicht: 1 message' })
    mailer.close()
    expect(received).toHaveLength(1)
    expect(received[0]!.from).toBe('support@shop.test')
    expect(received[0]!.to).toEqual(['ada@example.com'])
    expect(received[0]!.data).toMatch(/^Subject: Your chat with Shop$/m)
    expect(received[0]!.data).toContain('Content-Type: text/plain')
  })

  it('rejects when the server cannot be reached', async () => {
    const mailer = createMailer({ smtpUrl: 'smtp://127.0.0.1:1?tls=off', from: 'x@shop.test', timeoutMs: 2000 })
    await expect(mailer.send({ to: 'a@b.test', subject: 's', text: 't' })).rejects.toThrow()
    mailer.close()
  })
})
