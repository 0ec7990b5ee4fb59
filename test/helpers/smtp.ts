// A real SMTP server on loopback (smtp-server, no TLS, no auth) that keeps every mail it accepts:
// what the relay's transcript mails are checked against.
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

/** A mail as it arrived: envelope sender and recipients, and the raw message. */
export interface ReceivedMail {
  from: string
  to: string[]
  data: string
}

/** A running test SMTP server. */
export interface TestSmtp {
  /** what the relay's `smtpUrl` takes: `smtp://127.0.0.1:<port>?tls=off` */
  url: string
  /** every mail accepted so far, oldest first (tests may empty it) */
  mails: ReceivedMail[]
  close(): Promise<void>
}

/** Starts the server on a free port; recipients for which `refuse(address)` is true are refused. */
export const startTestSmtp = async (opts: { refuse?: (address: string) => boolean } = {}): Promise<TestSmtp> => {
  const mails: ReceivedMail[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, done) {
      done(opts.refuse?.(address.address) ? new Error('no such mailbox') : undefined)
    },
    onData(stream, session, done) {
      let data = ''
      stream.setEncoding('utf8')
      stream.on('data', (c: string) => (data += c))
      stream.on('end', () => {
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), data })
        done()
      })
    }
  })
  server.listen(0, '127.0.0.1')
  await once(server.server, 'listening')
  const url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}?tls=off`
  return { url, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}
