import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { CLOSE, type AgentSelf } from '../../protocol/index.js'
import { changePassword, fetchChat, logout } from '../api.js'
import { agentSocketUrl, type SocketLike } from '../connection.js'
import { FetchContext } from '../fetch-context.js'
import { askToNotify } from '../notify.js'
import { createSession } from '../state-store.js'
import { useAttention } from '../use-attention.js'
import { useRevealWaiting } from '../use-reveal.js'
import { parseRoute } from '../route.js'
import { go, useRoute } from '../use-route.js'
import { useNow } from '../use-now.js'
import { useShortcuts } from '../use-shortcuts.js'
import { AdminView } from './AdminView.js'
import { ChatArea } from './ChatArea.js'
import { PasswordDialog } from './PasswordDialog.js'
import { SettingsDialog } from './SettingsDialog.js'
import { ShortcutsDialog } from './ShortcutsDialog.js'
import { Sidebar } from './Sidebar.js'
import { TicketsView } from './TicketsView.js'
import { Reports } from '../reports/Reports.js'
import { Toasts } from './Toasts.js'
import { Topbar } from './Topbar.js'

/** Props of {@link Desk}. */
export interface DeskProps {
  /** the agent from login or `/api/me`, until the socket's welcome says more */
  me: AgentSelf
  /** the session is over; `notice` says why when the agent did not log out themselves */
  onLoggedOut(notice?: string): void
  /** the agent changed their password: this browser has a new session, start over with it */
  onRestart?(me: AgentSelf, notice: string): void
  /** shown as a toast when the desk opens */
  notice?: string
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

/** Where the panel folds away behind a button (keep equal to the media query in console.css). */
const FOLDED = '(max-width: 1099px)'

/** Which dialog is open over the desk. */
type Dialog = 'settings' | 'password' | 'shortcuts' | null

/** The logged-in console: top bar, the panel with On/Off and the three lists, and the chats, tickets or admin view. */
export function Desk({ me: initialMe, onLoggedOut, onRestart, notice, createSocket, fetchImpl }: DeskProps) {
  const loggedOut = useRef(onLoggedOut)
  loggedOut.current = onLoggedOut
  // While the password changes, the relay ends this session's socket; the new session takes over.
  const changing = useRef<{ final?: string } | null>(null)
  const session = useMemo(() => {
    const s = createSession({
      url: agentSocketUrl(),
      createSocket,
      onFinal: (code) => {
        if (changing.current) changing.current.final = finalNotice(code)
        else loggedOut.current(finalNotice(code))
      }
    })
    if (notice) s.dispatch({ type: 'toast', text: notice, tone: 'info' })
    return s
  }, [])
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
    }
  }, [session])

  const route = useRoute()
  const me = state.me ?? initialMe
  const { waiting } = state.panel
  const now = useNow(15_000)
  const [dialog, setDialog] = useState<Dialog>(null)
  const [panelOpen, setPanelOpen] = useState(false)
  // Unfolded by keyboard or touch, the panel takes the focus; folded again, the focus goes back to its button.
  const unfolded = useRef(false)
  useEffect(() => {
    if (panelOpen) document.getElementById('chat-panel')?.querySelector<HTMLElement>('button')?.focus()
    else if (unfolded.current && document.getElementById('chat-panel')?.contains(document.activeElement))
      document.querySelector<HTMLElement>('.panel-toggle')?.focus()
    unfolded.current = panelOpen
  }, [panelOpen])

  const revealWaiting = useRevealWaiting()

  /** Shows a customer from a notification: waiting in the panel (unfolded where folded), else their chat if there is one. */
  const showWaiting = (chatId: string) => {
    const current = session.get()
    if (current.panel.waiting.some((c) => c.id === chatId)) {
      if (typeof matchMedia === 'function' && matchMedia(FOLDED).matches) setPanelOpen(true)
      revealWaiting(chatId)
    } else if (current.chats[chatId] || current.panel.chatting.some((c) => c.id === chatId)) show(chatId)
    else session.dispatch({ type: 'toast', text: 'That customer is no longer waiting.', tone: 'info' })
  }

  useAttention({
    state,
    me,
    inChats: route.view === 'chats',
    dispatch: session.dispatch,
    onShowWaiting: showWaiting,
    onShowChat: (chatId) => show(chatId)
  })

  // A link from a ticket (`#/chat/<id>`) opens that chat, at load and whenever the hash changes.
  const linked = route.view === 'chats' ? route.chatId : undefined
  useEffect(() => {
    if (!linked) return
    void fetchChat(linked, fetchImpl ?? fetch).then((result) =>
      session.dispatch(result.ok ? { type: 'details', details: result.value, open: true } : { type: 'toast', text: result.message })
    )
  }, [linked])

  /** Brings a chat to front in the chats view (from the lists, shortcuts or the archive). */
  const show = (chatId: string, accept = false) => {
    session.dispatch(accept ? { type: 'accept', chatId } : { type: 'focus', chatId })
    // Not `route.view`: a notification's click may run this long after the render it came from.
    if (parseRoute(location.hash).view !== 'chats') go('#/chats')
    setPanelOpen(false)
  }

  const open = state.open.flatMap((id) => state.chats[id] ?? [])
  useShortcuts({
    open: open.map((c) => c.id),
    active: state.active,
    waiting: waiting.map((c) => c.id),
    onShow: (chatId) => show(chatId),
    onAnswer: (chatId) => show(chatId, true),
    onHelp: () => setDialog('shortcuts')
  })

  const doLogout = async () => {
    session.close()
    await logout(fetchImpl)
    loggedOut.current()
  }

  const doChangePassword = async (current: string, next: string): Promise<string | undefined> => {
    changing.current = {}
    const result = await changePassword(current, next, fetchImpl)
    const final = changing.current.final
    changing.current = null
    if (result.ok) {
      session.close()
      const notice = 'Your password was changed. Your other sessions were logged out.'
      if (onRestart) onRestart(result.value, notice)
      else setDialog(null)
      return undefined
    }
    if (final) loggedOut.current(final)
    return result.message
  }

  const unread: Record<string, number> = {}
  for (const chat of open) if (chat.unread > 0) unread[chat.id] = chat.unread
  const online = state.conn === 'online'
  return (
    <FetchContext.Provider value={fetchImpl}>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: Escape anywhere in the desk folds the tablet panel (a listener for bubbling keys, not a control) */}
      <div class={'desk' + (panelOpen ? ' panel-open' : '')} onKeyDown={(ev) => ev.key === 'Escape' && panelOpen && setPanelOpen(false)}>
        <Topbar
          route={route}
          conn={state.conn}
          retryAt={state.retryAt}
          onRetry={session.reconnectNow}
          unread={Object.values(unread).reduce((a, b) => a + b, 0)}
          waiting={waiting.length}
          on={me.on}
          outsideHours={state.outsideHours}
          isAdmin={me.role === 'admin'}
          name={me.displayName}
          panelOpen={panelOpen}
          onTogglePanel={() => setPanelOpen(!panelOpen)}
          onPassword={() => setDialog('password')}
          onShortcuts={() => setDialog('shortcuts')}
          onLogout={doLogout}
          dispatch={(action) => {
            session.dispatch(action)
            if (action.type === 'details' && action.open && route.view !== 'chats') go('#/chats')
          }}
        />
        <aside class="sidebar" id="chat-panel" aria-label="Chat panel">
          <Sidebar
            me={me}
            panel={state.panel}
            accepting={state.accepting}
            unread={unread}
            online={online}
            now={now}
            outsideHours={state.outsideHours}
            onStatus={(on) => {
              if (on && me.notifications) askToNotify()
              session.dispatch({ type: 'status', on })
            }}
            onSettings={() => setDialog('settings')}
            onAccept={(chatId) => show(chatId, true)}
            onOpen={(chatId) => show(chatId)}
          />
        </aside>
        {panelOpen && <div class="scrim" aria-hidden="true" onClick={() => setPanelOpen(false)} />}
        <main
          class="main"
          aria-label={route.view === 'chats' ? 'Chats' : route.view === 'tickets' ? 'Tickets' : route.view === 'reports' ? 'Reports' : 'Admin'}
        >
          {route.view === 'chats' ? (
            <ChatArea
              chats={open}
              active={state.active}
              me={state.me}
              agents={state.panel.agents.filter((a) => a.on)}
              tickets={state.tickets}
              dispatch={session.dispatch}
            />
          ) : route.view === 'tickets' ? (
            <TicketsView tickets={state.tickets} filter={route.filter} ticketId={route.ticketId} conn={state.conn} dispatch={session.dispatch} />
          ) : route.view === 'reports' ? (
            <Reports tab={route.tab} panel={state.panel} isAdmin={me.role === 'admin'} />
          ) : (
            <AdminView tab={route.tab} me={me} />
          )}
        </main>
        {dialog === 'settings' && <SettingsDialog me={me} dispatch={session.dispatch} onClose={() => setDialog(null)} />}
        {dialog === 'password' && <PasswordDialog onChange={doChangePassword} onClose={() => setDialog(null)} />}
        {dialog === 'shortcuts' && <ShortcutsDialog onClose={() => setDialog(null)} />}
        <Toasts toasts={state.toasts} onDismiss={(id) => session.dispatch({ type: 'dismiss', id })} />
      </div>
    </FetchContext.Provider>
  )
}
