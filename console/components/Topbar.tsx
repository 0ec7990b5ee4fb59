import { useRef } from 'preact/hooks'
import type { Route } from '../route.js'
import type { Action, ConnStatus } from '../reducer.js'
import { ArchiveSearch } from './ArchiveSearch.js'
import { ConnectionStatus } from './ConnectionStatus.js'

/** Props of {@link Topbar}. */
export interface TopbarProps {
  route: Route
  conn: ConnStatus
  retryAt?: number
  onRetry(): void
  /** unread customer messages in this agent's chats, shown on Chats while another view is open */
  unread: number
  /** customers waiting, shown on the panel button while the panel is folded away */
  waiting: number
  /** whether the agent has chat on, shown on the panel button too */
  on: boolean
  /** outside business hours: said on the bar while the panel (which says it too) is folded away */
  outsideHours: boolean
  isAdmin: boolean
  /** the agent's display name */
  name: string
  /** whether the (tablet) panel is unfolded */
  panelOpen: boolean
  onTogglePanel(): void
  onPassword(): void
  onShortcuts(): void
  onLogout(): void
  dispatch(action: Action): void
}

/** The top bar: panel button (narrow screens), connection, views, archive search and the agent's menu. */
export function Topbar(p: TopbarProps) {
  const menu = useRef<HTMLDetailsElement>(null)
  const pick = (fn: () => void) => () => {
    if (menu.current) menu.current.open = false
    fn()
  }
  const view = p.route.view
  return (
    <header class="topbar">
      <button type="button" class="button panel-toggle" aria-expanded={p.panelOpen ? 'true' : 'false'} aria-controls="chat-panel" onClick={p.onTogglePanel}>
        <span class={'dot' + (p.on ? '' : ' off')} aria-hidden="true" />
        Panel<span class="sr-only">{(p.on ? ', chat on' : ', chat off') + (p.outsideHours ? ', outside business hours' : '')}</span>
        {p.waiting > 0 && (
          <span class="badge has-count">
            {p.waiting}
            <span class="sr-only"> waiting</span>
          </span>
        )}
      </button>
      <span class="brand">
        <span class="logo" aria-hidden="true" /> <span class="brand-name">Parley</span>
      </span>
      <ConnectionStatus status={p.conn} retryAt={p.retryAt} onRetry={p.onRetry} />
      {p.outsideHours && (
        <span class="hours-pill" aria-hidden="true">
          Outside business hours
        </span>
      )}
      <nav class="views" aria-label="Views">
        <a class="view-link" href="#/chats" aria-current={view === 'chats' ? 'page' : undefined}>
          Chats
          {view !== 'chats' && p.unread > 0 && (
            <span class="badge has-count">
              {p.unread}
              <span class="sr-only"> unread</span>
            </span>
          )}
        </a>
        <a class="view-link" href="#/tickets/open" aria-current={view === 'tickets' ? 'page' : undefined}>
          Tickets
        </a>
        <a class="view-link" href="#/reports/now" aria-current={view === 'reports' ? 'page' : undefined}>
          Reports
        </a>
        {p.isAdmin && (
          <a class="view-link" href="#/admin/agents" aria-current={view === 'admin' ? 'page' : undefined}>
            Admin
          </a>
        )}
      </nav>
      <span class="topbar-spacer" />
      <ArchiveSearch dispatch={p.dispatch} />
      <details class="menu" ref={menu} onKeyDown={(ev) => ev.key === 'Escape' && menu.current && (menu.current.open = false)}>
        <summary class="menu-button">
          <span class="me" data-testid="agent-name">
            {p.name}
          </span>
        </summary>
        <div class="menu-items">
          <button type="button" class="menu-item" onClick={pick(p.onPassword)}>
            Change password
          </button>
          <button type="button" class="menu-item" onClick={pick(p.onShortcuts)}>
            Keyboard shortcuts
          </button>
          <button type="button" class="menu-item" onClick={pick(p.onLogout)}>
            Log out
          </button>
        </div>
      </details>
    </header>
  )
}
