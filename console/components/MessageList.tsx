import type { ComponentChildren } from 'preact'
import { useLayoutEffect, useRef, useState } from 'preact/hooks'
import type { ChatMessage, ChatNote, ImagePart, Part } from '../../protocol/index.js'
import type { Outgoing, OutgoingNote } from '../chat-view.js'
import { formatClock, isoTime } from '../format.js'
import { imageUrl } from '../image-url.js'
import { eventText } from '../names.js'
import { linkify } from '../linkify.js'
import { interleave } from '../notes.js'
import { ImageViewer } from './ImageViewer.js'

/** Props of {@link MessageList}. */
export interface MessageListProps {
  messages: ChatMessage[]
  outgoing: Outgoing[]
  /** shown as the author of customer messages */
  customerName: string
  /** this agent's name as it appears on their messages */
  meName: string | undefined
  /** internal notes, by time, and this agent's notes on their way */
  notes?: ChatNote[]
  noteOutgoing?: OutgoingNote[]
  /** the customer has seen every message up to this seq ("Seen" under the last agent message they saw) */
  customerRead?: number
  /** sends a refused message or note again */
  onRetry(id: string): void
}

/** Distance from the bottom (px) within which new messages keep the transcript scrolled down. */
const STICK_PX = 48

/** An image shown at full size, and who sent it. */
type Viewing = { image: ImagePart; label: string }

/** Linked text runs of one paragraph. */
function Text({ text }: { text: string }) {
  return (
    <>
      {linkify(text).map((run, j) =>
        run.href ? (
          <a key={j} href={run.href} target="_blank" rel="noopener noreferrer">
            {run.text}
          </a>
        ) : (
          run.text
        )
      )}
    </>
  )
}

function Parts({ parts, from, onView }: { parts: Part[]; from: string; onView(v: Viewing): void }) {
  return (
    <div class="msg-body">
      {parts.map((p, i) =>
        p.type === 'text' ? (
          <p key={i} class="msg-text">
            <Text text={p.text} />
          </p>
        ) : (
          <button
            key={i}
            type="button"
            class="msg-image-button"
            aria-label={'Open the image from ' + from}
            onClick={() => onView({ image: p, label: 'Image from ' + from })}
          >
            <img class="msg-image" src={imageUrl(p.id)} width={p.width} height={p.height} alt={'Image from ' + from} loading="lazy" />
          </button>
        )
      )}
    </div>
  )
}

function Time({ at }: { at: number }) {
  return (
    <time class="msg-time" dateTime={isoTime(at)}>
      {formatClock(at)}
    </time>
  )
}

/** The yellow note: who wrote it and when, that only agents see it, the text. */
function Note({ name, at, text, state, children }: { name: string; at?: number; text: string; state?: string; children?: ComponentChildren }) {
  return (
    <>
      <div class="msg-meta">
        <span class="note-badge">Internal note</span> <span class="msg-author">{name}</span> {at !== undefined && <Time at={at} />}
        {state && <span class="msg-state">{state}</span>}
      </div>
      <p class="msg-text">
        <Text text={text} />
      </p>
      <p class="note-hint">Only agents see this</p>
      {children}
    </>
  )
}

/**
 * The transcript: committed messages by seq with the internal notes among them by time, then the
 * agent's messages and notes still on their way; "Seen" under the last agent message the customer saw.
 */
export function MessageList({ messages, outgoing, customerName, meName, notes = [], noteOutgoing = [], customerRead = 0, onRetry }: MessageListProps) {
  const ref = useRef<HTMLDivElement>(null)
  const stick = useRef(true)
  const [viewing, setViewing] = useState<Viewing | null>(null)

  useLayoutEffect(() => {
    const el = ref.current
    if (el && stick.current) el.scrollTop = el.scrollHeight
  }, [messages.length, outgoing.length, notes.length, noteOutgoing.length])

  // "Seen" goes under the newest agent message the customer has read, once.
  let seenSeq = 0
  for (const m of messages) if (m.from === 'agent' && m.seq <= customerRead) seenSeq = m.seq

  const onScroll = () => {
    const el = ref.current
    if (el) stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX
  }

  return (
    <div ref={ref} class="transcript" role="log" aria-label="Messages" onScroll={onScroll}>
      <ol class="msgs">
        {interleave(messages, notes, noteOutgoing).map((item) => {
          if (item.kind === 'note')
            return (
              <li key={'note-' + item.note.id} class="msg note" data-testid="note" data-note-id={item.note.id}>
                <Note name={item.note.name} at={item.note.at} text={item.note.text} />
              </li>
            )
          if (item.kind === 'pending-note') {
            const o = item.note
            return (
              <li key={'note-' + o.id} class={'msg note ' + (o.failed ? 'failed' : 'pending')} data-testid="note" data-pending="true">
                <Note name={meName ?? 'You'} text={o.text} state={o.failed ? 'Not saved' : 'Saving…'}>
                  {o.failed && <Failed reason={o.failed} onRetry={() => onRetry(o.id)} />}
                </Note>
              </li>
            )
          }
          const m = item.message
          return m.from === 'system' ? (
            <li key={m.id} class="msg system" data-testid="message" data-seq={m.seq} data-from="system">
              <span class="msg-event">{eventText(m, customerName)}</span> <Time at={m.at} />
            </li>
          ) : (
            <li key={m.id} class={'msg ' + m.from} data-testid="message" data-seq={m.seq} data-from={m.from}>
              <div class="msg-meta">
                <span class="msg-author">{m.from === 'customer' ? customerName : (m.name ?? meName ?? 'Agent')}</span> <Time at={m.at} />
              </div>
              <Parts parts={m.parts} from={m.from === 'customer' ? customerName : (m.name ?? 'agent')} onView={setViewing} />
              {m.seq === seenSeq && (
                <p class="msg-seen" data-testid="seen">
                  Seen
                </p>
              )}
            </li>
          )
        })}
        {outgoing.map((o) => (
          <li key={o.id} class={'msg agent ' + (o.failed ? 'failed' : 'pending')} data-testid="message" data-from="agent" data-pending="true">
            <div class="msg-meta">
              <span class="msg-author">{meName ?? 'You'}</span> <span class="msg-state">{o.failed ? 'Not sent' : 'Sending…'}</span>
            </div>
            <Parts parts={o.parts} from={meName ?? 'you'} onView={setViewing} />
            {o.failed && <Failed reason={o.failed} onRetry={() => onRetry(o.id)} />}
          </li>
        ))}
      </ol>
      {viewing && <ImageViewer image={viewing.image} label={viewing.label} onClose={() => setViewing(null)} />}
    </div>
  )
}

/** Why a message or note was not saved, with a button that sends it again. */
const Failed = ({ reason, onRetry }: { reason: string; onRetry: () => void }) => (
  <p class="msg-failed">
    {reason}{' '}
    <button type="button" class="link-button" onClick={onRetry}>
      Retry
    </button>
  </p>
)
