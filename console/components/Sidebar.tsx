import type { AgentSelf, Panel } from '../../protocol/index.js'
import { AgentsList } from './AgentsList.js'
import { ChattingList } from './ChattingList.js'
import { Section } from './Section.js'
import { StatusSwitch } from './StatusSwitch.js'
import { WaitingList } from './WaitingList.js'

/** Props of {@link Sidebar}. */
export interface SidebarProps {
  me: AgentSelf
  panel: Panel
  /** chats whose accept is on its way */
  accepting: string[]
  /** unread customer messages by chat id (this agent's open chats) */
  unread: Record<string, number>
  /** whether the relay can be told anything */
  online: boolean
  /** ms since epoch, ticking */
  now: number
  /** the site is outside its business hours */
  outsideHours: boolean
  onStatus(on: boolean): void
  onSettings(): void
  onAccept(chatId: string): void
  onOpen(chatId: string): void
}

/** The seed's panel: On/Off and Settings, then Waiting customers, Chatting customers and Active agents with their badges. */
export function Sidebar({ me, panel, accepting, unread, online, now, outsideHours, onStatus, onSettings, onAccept, onOpen }: SidebarProps) {
  const agents = panel.agents.filter((a) => a.on)
  return (
    <>
      <div class="sidebar-head">
        <StatusSwitch on={me.on} disabled={!online} onChange={onStatus} />
        <button type="button" class="button settings-button" onClick={onSettings}>
          Settings
        </button>
      </div>
      {/* Live: the site opens and closes while the agent works. */}
      <div role="status" class="hours-status">
        {outsideHours && (
          <p class="outside-hours" data-testid="outside-hours">
            <strong>Outside business hours</strong>
            <span class="block">{'Customers cannot start new chats now' + (me.on ? ', even with your chat on' : '') + '. Chats already open go on.'}</span>
          </p>
        )}
      </div>
      <Section name="waiting" title="Waiting customers" count={panel.waiting.length} unit="waiting">
        <WaitingList chats={panel.waiting} now={now} accepting={accepting} onAccept={onAccept} />
      </Section>
      <Section name="chatting" title="Chatting customers" count={panel.chatting.length} unit="chatting">
        <ChattingList chats={panel.chatting} meId={me.id} now={now} unread={unread} onOpen={onOpen} />
      </Section>
      <Section name="agents" title="Active agents" count={agents.length} unit="active">
        <AgentsList agents={agents} meId={me.id} />
      </Section>
    </>
  )
}
