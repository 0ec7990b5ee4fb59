import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMailer } from '../../relay/mail/mailer.js'
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.js'

// A real SMTP server on loopback that keeps what arrives.
let smtp: TestSmtp
beforeAll(async () => {
  smtp = await startTestSmtp()
})
afterAll(() => smtp.close())

describe('mailer', () => {
  it('delivers a plain-text mail through a real SMTP server, with the configured From', async () => {
    const mailer = createMailer({ smtpUrl: smtp.url, from: 'Shop support <support@shop.test>' })
    await mailer.send({ to: 'ada@example.com', subject: 'Your chat with Shop', text: 'Hello Ada\nÜbersicht: 1 message' })
    mailer.close()
    expect(smtp.mails).toHaveLength(1)
    expect(smtp.mails[0]!.from).toBe('support@shop.test')
    expect(smtp.mails[0]!.to).toEqual(['ada@example.com'])
    expect(smtp.mails[0]!.data).toMatch(/^Subject: Your chat with Shop$/m)
    expect(smtp.mails[0]!.data).toContain('Content-Type: text/plain')
  })

  it('rejects when the server cannot be reached', async () => {
    const mailer = createMailer({ smtpUrl: 'smtp://127.0.0.1:1?tls=off', from: 'x@shop.test', timeoutMs: 2000 })
    await expect(mailer.send({ to: 'a@b.test', subject: 's', text: 't' })).rejects.toThrow()
    mailer.close()
  })
})
