// Transcript by email (issue 12): the visitor asks for their chat's transcript and it is mailed
// through SMTP (mail/mailer.ts). Offered only while the site's `transcripts` is on and the relay
// can send mail (PARLEY_SMTP_URL and PARLEY_MAIL_FROM); each IP may ask for
// `maxTranscriptMailsPerHourPerIp` per hour (the injected `limit`). The mail holds the chat's messages as the visitor saw
// them, images as absolute links to the image route; internal notes are never messages, so they
// can never be in it.
import { eventSentence, type ChatMessage, type SiteSettings } from '../../protocol/index.js'
import type { RelayConfig } from '../config.js'
import { ERR_MAIL_FAILED, ERR_NOT_FOUND, ERR_NOT_OFFERED, ERR_RATE_LIMITED } from '../errors.js'
import { createMailer, type Mailer } from '../mail/mailer.js'
import type { Store } from '../store/store.js'
import type { HourlyLimit } from './hourly-limit.js'

const time = (at: number) => new Date(at).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'

/** The chat as the visitor saw it, one line per message; images as `base`/uploads/<id>. */
export const visitorTranscript = (messages: readonly ChatMessage[], base: string): string =>
  messages
    .map((m) => {
      if (m.from === 'system') return `[${time(m.at)}] — ${eventSentence(m, 'You')}`
      const who = m.from === 'customer' ? 'You' : (m.name ?? 'Agent')
      const body = m.parts.map((p) => (p.type === 'text' ? p.text : `${base}/uploads/${p.id}`)).join('\n')
      return `[${time(m.at)}] ${who}: ${body}`
    })
    .join('\n')

/** The whole text a visitor gets (mail body, download): the site's title, when the chat began, its messages. */
export const visitorDocument = (title: string, createdAt: number, messages: readonly ChatMessage[], base: string): string =>
  `${title} — ${time(createdAt)}\n\n${visitorTranscript(messages, base)}\n`

export type TranscriptMail = ReturnType<typeof createTranscriptMail>

/** Creates the transcript mailer; `close()` ends its SMTP connections. */
export const createTranscriptMail = (deps: {
  store: Store
  config: Readonly<RelayConfig>
  site: () => Promise<SiteSettings>
  /** mails per IP per hour (limits.transcriptMails: this node's count, or the cluster's) */
  limit: HourlyLimit
  mailer?: Mailer
}) => {
  const { store, config } = deps
  const mailer = deps.mailer ?? (config.smtpUrl && config.mailFrom ? createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom }) : undefined)
  return {
    /**
     * Mails chat `chatId`'s transcript to `email`. Throws `not_offered` (transcripts off, or no
     * mail configured), `rate_limited`, `mail_failed` (the SMTP server did not take it).
     */
    async send(chatId: string, email: string, ip: string, base: string): Promise<void> {
      const site = await deps.site()
      if (!mailer || !site.transcripts) throw new ERR_NOT_OFFERED('Transcripts by email are not offered on this site')
      const chat = await store.getChat(chatId)
      if (!chat) throw new ERR_NOT_FOUND('Chat')
      if (!(await deps.limit.take(ip))) throw new ERR_RATE_LIMITED('Too many transcript emails from this network; please try again in an hour')
      const messages = await store.messagesAfter(chatId, 0, 10_000)
      const title = site.widgetTitle || 'Chat'
      const text = visitorDocument(title, chat.createdAt, messages, config.publicUrl || base)
      try {
        await mailer.send({ to: email, subject: `Your chat transcript: ${title}`, text })
      } catch {
        throw new ERR_MAIL_FAILED()
      }
    },
    close: () => mailer?.close()
  }
}
