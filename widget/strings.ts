// Every text the widget shows, in one object, so a locale is one more object of this shape.
import type { ChatEvent } from '../protocol/index.js'
import type { Notice } from './state.js'

/** The widget's English texts. */
export const en = {
  close: 'Close chat',
  end: 'End chat',
  send: 'Send',
  message: 'Message',
  placeholder: 'Type your message…',
  hello: 'Hi! How can we help?',
  waiting: (position?: number) => 'Waiting for an agent…' + (position ? ' (position ' + position + ')' : ''),
  chatting: (name = 'an agent') => 'Chatting with ' + name,
  typing: (name: string) => (name || 'The agent') + ' is typing…',
  /** system messages, by event; `name` is the agent's */
  event: {
    joined: (name = 'An agent') => name + ' joined the chat',
    left: (name = 'The agent') => name + ' left the chat',
    transferred: (name?: string) => 'Chat transferred' + (name ? ' to ' + name : ''),
    requeued: () => 'Waiting for another agent…',
    ended: () => 'Chat ended'
  } as Record<ChatEvent, (name?: string) => string>,
  newChat: 'Start a new chat',
  sending: 'Sending…',
  failed: 'Not sent',
  retry: 'Retry',
  notice: {
    offline: 'Connection lost. Reconnecting…',
    unavailable: 'No agent is available right now.',
    queue_full: 'All agents are busy. Please try again later.',
    rate_limited: 'Too many messages. Please wait a moment.'
  } as Partial<Record<Notice, string>>,
  /** for every notice not listed above */
  oops: 'Something went wrong. Please try again.'
}

/** The shape every locale has. */
export type Strings = typeof en
