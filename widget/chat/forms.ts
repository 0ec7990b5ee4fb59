// The chat window's forms as data: which pre-chat questions are still open, what is wrong with
// what the visitor filled in (in their language, before anything is sent), the offline form's
// trip to the relay, and the transcript as a text file. No Preact here: tests call these directly.
import { formatClock, isEmail, type ChatMessage, type PreChatSettings } from '../../protocol/index.js'
import { imageUrl, sysText } from '../ui/Message.js'
import type { FieldSpec, FormState } from '../ui/actions.js'
import { say, type Strings } from '../strings.js'

/** The pre-chat fields the site asks for, minus what the visitor is already known by (identify()). */
export const preFields = (p: PreChatSettings | undefined, known: { name?: string; email?: string }): FieldSpec[] =>
  p
    ? (['name', 'email', 'topic'] as const)
        .filter((k) => p[k] !== 'off' && !(known as Record<string, unknown>)[k])
        .map((k) => ({ k, opt: p[k] === 'optional', opts: k === 'topic' ? p.topics : undefined }))
    : []

/** Checks `f` against `fields`: its errors (by field name) are set, and true when there are none. */
export const check = (f: FormState, fields: FieldSpec[], t: Strings): boolean => {
  f.e = {}
  for (const { k, opt } of fields) {
    const x = f.v[k]?.trim()
    if (x ? k === 'email' && !isEmail(x) : !opt) f.e[k] = x ? t.badEmail : t.required
  }
  for (const _ in f.e) return false
  return true
}

/** The form's own error for a refusal with `code` (a wire error code, or undefined when the network failed). */
export const refusal = (t: Strings, code?: string): string => say(t, code) ?? t.notSent

/** Where the offline form's values wait while the page reloads (sessionStorage). */
export const LEAVE_KEY = 'parley-leave'

/** Bytes of an image the offline form takes (after it is shrunk like a chat image). */
export const MAX_LEAVE_IMAGE_BYTES = 4e6

/**
 * Sends the offline form (`POST <relay>/api/offline-message`, JSON; the image as base64). Resolves
 * once the relay took it; rejects with the relay's error code, or undefined when the network failed.
 */
export const leaveMessage = async (relay: string, v: FormState['v'], image?: Blob): Promise<void> => {
  let res: Response
  try {
    res = await fetch(relay + '/api/offline-message', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // size: the values as typed (the relay trims them); a data: URL's base64 is what it wants, after its comma.
      body: JSON.stringify({
        ...v,
        image:
          image &&
          (await new Promise<string>((ok) => {
            const r = new FileReader()
            r.onload = () => ok((r.result as string).split(',')[1]!)
            r.readAsDataURL(image)
          }))
      })
    })
  } catch {
    throw undefined
  }
  if (!res.ok) throw (await res.json().catch(() => ({}))).code ?? 'internal'
}

/** The transcript as text: one line per message with its time and author, images as their links. */
export const transcriptText = (title: string, messages: ChatMessage[], t: Strings, relay: string): string =>
  title +
  ' — ' +
  new Date(messages[0]?.at ?? Date.now()).toLocaleDateString(t.lang) +
  '\n\n' +
  messages
    .map(
      (m) =>
        `[${formatClock(m.at)}] ` +
        (m.from === 'system'
          ? sysText(m, t)
          : (m.from === 'customer' ? t.you : m.name || t.agent) + ': ' + m.parts.map((p) => (p.type === 'text' ? p.text : imageUrl(relay, p.id))).join('\n'))
    )
    .join('\n') +
  '\n'
