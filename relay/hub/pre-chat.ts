// The pre-chat form's rules applied to what a visitor sent with `start`: a required field must be
// filled in, unless the visitor is identified with it already known (identify() skips it); a
// topic must be one of the site's; a field the site does not ask for is dropped (a widget that
// still shows an older form loses nothing by it).
import type { PreChatSettings, PreChatValues } from '../../protocol/index.js'
import { ERR_BAD_INPUT, ERR_REQUIRED } from '../errors.js'

const ASK = { name: 'your name', email: 'your email address' } as const

/** The values to keep, or ERR_REQUIRED naming the missing field / ERR_BAD_INPUT for an unknown topic. */
export const checkPreChat = (rules: PreChatSettings, values: PreChatValues = {}, known: { name?: string; email?: string } = {}): PreChatValues => {
  const out: PreChatValues = {}
  for (const field of ['name', 'email'] as const) {
    if (rules[field] === 'off') continue
    const v = values[field]
    if (v) out[field] = v
    else if (rules[field] === 'required' && !known[field]) throw new ERR_REQUIRED(`preChat.${field}: please give ${ASK[field]} before the chat starts`)
  }
  if (rules.topic !== 'off') {
    const topic = values.topic
    if (topic && !rules.topics.includes(topic))
      throw new ERR_BAD_INPUT(`preChat.topic: "${topic}" is not one of this site's topics (${rules.topics.join(', ')})`)
    if (topic) out.topic = topic
    else if (rules.topic === 'required') throw new ERR_REQUIRED('preChat.topic: please choose a topic before the chat starts')
  }
  return out
}
