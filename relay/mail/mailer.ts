// Outgoing email through SMTP (nodemailer): a visitor's chat transcript (hub/transcript-mail.ts),
// configured by PARLEY_SMTP_URL and PARLEY_MAIL_FROM.
import nodemailer from 'nodemailer'

/** One plain-text email. */
export interface Mail {
  to: string
  subject: string
  text: string
}

/** Sends mail; resolves once the SMTP server accepted it. */
export interface Mailer {
  send(mail: Mail): Promise<void>
  close(): void
}

/** What the mailer needs: an `smtp://` or `smtps://` URL (credentials in it) and the From address. */
export interface MailerConfig {
  smtpUrl: string
  from: string
  /** ms to wait for the server at each step; default 10 s */
  timeoutMs?: number
}

/** A mailer over one pooled SMTP transport. */
export const createMailer = ({ smtpUrl, from, timeoutMs = 10_000 }: MailerConfig): Mailer => {
  const url = new URL(smtpUrl)
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
    secure: url.protocol === 'smtps:',
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    // A local relay without TLS (smtp://localhost:25) is fine; a remote one is upgraded with STARTTLS when offered.
    ignoreTLS: url.searchParams.get('tls') === 'off',
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    pool: true,
    maxConnections: 2
  })
  return {
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text })
    },
    close: () => transport.close()
  }
}
