import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { CLOSE, type AgentSelf } from '../../protocol/index.js'
import { fetchChat, logout } from '../api.js'
import { agentSocketUrl, type SocketLike } from '../connection.js'
import { askToNotify, notifyWaiting } from '../notify.js'
import { claimOnce } from '../once-per-browser.js'
import { createSession } from '../session.js'
import { playChime } from '../sound.js'
import { useNow } from '../use-now.js'
import { chatIdFromHash } from '../deep-link.js'
import { FetchContext } from '../fetch-context.js'
import { AgentsList } from './AgentsList.js'
import { ArchiveSearch } from './ArchiveSearch.js'
import { ChatArea } from './ChatArea.js'
import { ChattingList } from './ChattingList.js'
import { ConnectionStatus } from './ConnectionStatus.js'
import { Section } from './Section.js'
import { SettingsDialog } from './SettingsDialog.js'
import { StatusSwitch } from './StatusSwitch.js'
import { Toasts } from './Toasts.js'
import { WaitingList } from './WaitingList.js'

/** Props of {@link Desk}. */
export interface DeskProps {
  /** the agent from login or `/api/me`, until the socket's welcome says more */
  me: AgentSelf
  /** the session is over; `notice` says why when the agent did not log out themselves */
  onLoggedOut(notice?: string): void
  /** test seams */
  createSocket?: (url: string) => SocketLike
  fetchImpl?: typeof fetch
}

/** Why the console went back to the login form after a final close code. */
const finalNotice = (code: number): string =>
  code === CLOSE.version
    ? 'The console is out of date. Reload the page.'
    : code === CLOSE.forbidden
      ? 'This console is not allowed to connect from here.'
      : 'Your session has ended. Please log in again.'

/** The logged-in console: top bar, the sidebar with On/Off and the three lists, and the chats. */
export function Desk({ me: initialMe, onLoggedOut, createSocket, fetchImpl }: DeskProps) {
  const loggedOut = useRef(onLoggedOut)
  loggedOut.current = onLoggedOut
  const session = useMemo(
    () => createSession({ url: agentSocketUrl(), createSocket, onFinal: (code) => loggedOut.current(finalNotice(code)) }),
    []
  )
  const [state, setState] = useState(session.get)
  useEffect(() => {
    const off = session.subscribe(() => setState(session.get()))
    // Frames may have arrived between the first render and this effect: catch up on them.
    setState(session.get())
    // Back online after a network change: do not wait for the backoff.
    const online = () => session.reconnectNow()
    addEventListener('online', online)
    return () => {
      off()
      removeEventListener('online', online)
      session.close()
      document.title = 'Parley console'
    }
  }, [session])

  const me = state.me ?? initialMe
  const { waiting, chatting } = state.panel
  const agents = state.panel.agents.filter((a) => a.on)
  const now = useNow(15_000)

  // Tell the agent about customers who start waiting, as their settings ask (sound, desktop notification).
  const seen = useRef<Set<string> | null>(null)
  useEffect(() => {
    if (state.conn !== 'online') return
    const fresh = seen.current && me.on ? waiting.filter((c) => !seen.current!.has(c.id)) : []
    if (me.sound && fresh.some((c) => claimOnce('chime:' + c.id))) playChime()
    if (me.notifications) for (const chat of fresh) notifyWaiting(chat)
    seen.current = new Set(waiting.map((c) => c.id))
    document.title = (me.on && waiting.length ? '(' + waiting.length + ') ' : '') + 'Parley console'
  }, [waiting, me.on, me.sound, me.notifications, state.conn])

  // A link from a ticket (`#/chat/<id>`) opens that chat, at load and whenever the hash changes.
  useEffect(() => {
    const follow = async () => {
      const chatId = chatIdFromHash(location.hash)
      if (!chatId) return
      const result = await fetchChat(chatId, fetchImpl ?? fetch)
      session.dispatch(result.ok ? { type: 'details', details: result.value, open: true } : { type: 'toast', text: result.message })
    }
    void follow()
    addEventListener('hashchange', follow)
    return () => removeEventListener('hashchange', follow)
  }, [session])

  const doLogout = async () => {
    session.close()
    await logout(fetchImpl)
    loggedOut.current()
  }

  const [settings, setSettings] = useState(false)
  const online = state.conn === 'online'
  return (
    <FetchContext.Provider value={fetchImpl}>
      <div class="desk">
        <header class="topbar">
          <span class="brand">
            <span class="logo" aria-hidden="true" /> Parley
          </span>
          <ConnectionStatus status={state.conn} retryAt={state.retryAt} onRetry={session.reconnectNow} />
          <span class="topbar-spacer" />
          <ArchiveSearch dispatch={session.dispatch} />
          <span class="me" data-testid="agent-name">
            {me.displayName}
          </span>
          <button type="button" class="button" onClick={doLogout}>
            Log out
          </button>
        </header>
        <aside class="sidebar" aria-label="Chat panel">
          <div class="sidebar-head">
            <StatusSwitch
              on={me.on}
              disabled={!online}
              onChange={(on) => {
                if (on && me.notifications) askToNotify()
                session.dispatch({ type: 'status', on })
              }}
            />
            <button type="button" class="button settings-button" onClick={() => setSettings(true)}>
              Settings
            </button>
          </div>
          <Section name="waiting" title="Waiting customers" count={waiting.length} unit="waiting">
            <WaitingList
              chats={waiting}
              now={now}
              accepting={state.accepting}
              onAccept={(chatId) => session.dispatch({ type: 'accept', chatId })}
            />
          </Section>
          <Section name="chatting" title="Chatting customers" count={chatting.length} unit="chatting">
            <ChattingList chats={chatting} meId={me.id} now={now} onOpen={(chatId) => session.dispatch({ type: 'focus', chatId })} />
          </Section>
          <Section name="agents" title="Active agents" count={agents.length} unit="active">
            <AgentsList agents={agents} meId={me.id} />
          </Section>
        </aside>
        <main class="chats" aria-label="Chats">
          <ChatArea
            chats={state.open.flatMap((id) => state.chats[id] ?? [])}
            active={state.active}
            me={state.me}
            agents={agents}
            tickets={state.tickets}
            dispatch={session.dispatch}
          />
        </main>
        {settings && <SettingsDialog me={me} dispatch={session.dispatch} onClose={() => setSettings(false)} />}
        <Toasts toasts={state.toasts} onDismiss={(id) => session.dispatch({ type: 'dismiss', id })} />
      </div>
    </FetchContext.Provider>
  )
}
